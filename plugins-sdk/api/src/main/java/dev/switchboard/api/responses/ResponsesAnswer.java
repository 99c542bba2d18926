package dev.switchboard.api.responses;

import dev.switchboard.api.chat.Usage;

/**
 * A Responses API answer as the upstream sent it ({@code body}: its JSON bytes, which reach the client unchanged),
 * with the usage read from it for accounting ({@code Usage.NONE} when it reports none).
 */
public record ResponsesAnswer(byte[] body, Usage usage) {

    public ResponsesAnswer {
        if (body == null) {
            throw new IllegalArgumentException("body is required");
        }
        usage = usage == null ? Usage.NONE : usage;
    }
}
