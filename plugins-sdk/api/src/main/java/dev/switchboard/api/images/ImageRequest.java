package dev.switchboard.api.images;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * An image generation request. Optional fields are {@code null} when not sent; {@code responseFormat} is
 * {@code url} or {@code b64_json}. Other fields ({@code style}, {@code background}, ...) travel in
 * {@code extensions} under their OpenAI names.
 */
public record ImageRequest(String model, String prompt, Integer n, String size, String quality,
                           String responseFormat, String user, Map<String, Object> extensions) {

    public ImageRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (prompt == null || prompt.isEmpty()) {
            throw new IllegalArgumentException("prompt is required");
        }
        extensions = Extensions.copyOf(extensions);
    }

    /** The number of images asked for: {@code n}, or 1. */
    public int count() {
        return n == null || n < 1 ? 1 : n;
    }

    public ImageRequest withModel(String otherModel) {
        return new ImageRequest(otherModel, prompt, n, size, quality, responseFormat, user, extensions);
    }
}
