package dev.switchboard.api.responses;

import dev.switchboard.api.chat.Usage;

/**
 * One server-sent event of a streamed Responses API answer as the upstream sent it: its {@code event} name
 * ({@code response.output_text.delta}, ...; {@code null} when it had none) and its {@code data} unchanged.
 * {@code usage} is what the event reports ({@code response.completed}'s {@code response.usage}), else {@code null}.
 */
public record ResponsesEvent(String event, String data, Usage usage) {

    public ResponsesEvent {
        if (data == null) {
            throw new IllegalArgumentException("data is required");
        }
    }
}
