package dev.switchboard.api.video;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * A video generation request, in the terms of OpenAI's Videos API. Optional fields are {@code null} when not sent:
 * {@code seconds} the clip length, {@code size} {@code WIDTHxHEIGHT}, {@code inputReference} an image to start from
 * (a URL or a {@code data:} URL). Other fields travel in {@code extensions} under their OpenAI names.
 */
public record VideoRequest(String model, String prompt, Integer seconds, String size, String inputReference,
                           String user, Map<String, Object> extensions) {

    public VideoRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (prompt == null || prompt.isEmpty()) {
            throw new IllegalArgumentException("prompt is required");
        }
        extensions = Extensions.copyOf(extensions);
    }

    public VideoRequest withModel(String otherModel) {
        return new VideoRequest(otherModel, prompt, seconds, size, inputReference, user, extensions);
    }
}
