package dev.switchboard.api.embeddings;

import dev.switchboard.api.chat.Extensions;
import java.util.List;
import java.util.Map;

/**
 * Texts to embed with {@code model}. {@code dimensions} is {@code null} unless the client asked for shorter
 * vectors. The answer always carries floats: the gateway encodes base64 for a client that asked for it, so a
 * provider never sees {@code encoding_format}. Other fields travel in {@code extensions} under their OpenAI names.
 */
public record EmbeddingsRequest(String model, List<String> input, Integer dimensions, String user,
                                Map<String, Object> extensions) {

    public EmbeddingsRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (input == null || input.isEmpty()) {
            throw new IllegalArgumentException("input must not be empty");
        }
        input = List.copyOf(input);
        extensions = Extensions.copyOf(extensions);
    }

    /** The same request for another model name (the provider's id of the model). */
    public EmbeddingsRequest withModel(String otherModel) {
        return new EmbeddingsRequest(otherModel, input, dimensions, user, extensions);
    }
}
