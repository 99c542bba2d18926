package dev.switchboard.api.audio;

import dev.switchboard.api.chat.Usage;

/**
 * The answer in the format the request asked for, as the provider wrote it ({@code body} with its
 * {@code contentType}: JSON for json/verbose_json, plain text for text/srt/vtt), the length of the audio in
 * seconds when known (0 when not; priced per second) and token usage when the provider reports it.
 */
public record Transcription(String contentType, byte[] body, double audioSeconds, Usage usage) {

    public Transcription {
        contentType = contentType == null ? "application/json" : contentType;
        body = body == null ? new byte[0] : body;
        usage = usage == null ? Usage.NONE : usage;
    }
}
