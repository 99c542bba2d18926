package dev.switchboard.api.audio;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * Text to speak. {@code responseFormat} is {@code mp3} (the default), {@code opus}, {@code aac}, {@code flac},
 * {@code wav} or {@code pcm}; other fields ({@code instructions}, ...) travel in {@code extensions}.
 */
public record SpeechRequest(String model, String input, String voice, String responseFormat, Double speed,
                            Map<String, Object> extensions) {

    public SpeechRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (input == null || input.isEmpty()) {
            throw new IllegalArgumentException("input is required");
        }
        extensions = Extensions.copyOf(extensions);
    }

    public SpeechRequest withModel(String otherModel) {
        return new SpeechRequest(otherModel, input, voice, responseFormat, speed, extensions);
    }

    /** The media type of the audio in the format asked for, as OpenAI labels it. */
    public String contentType() {
        return switch (responseFormat == null ? "mp3" : responseFormat) {
            case "opus" -> "audio/opus";
            case "aac" -> "audio/aac";
            case "flac" -> "audio/flac";
            case "wav" -> "audio/wav";
            case "pcm" -> "audio/pcm";
            default -> "audio/mpeg";
        };
    }
}
