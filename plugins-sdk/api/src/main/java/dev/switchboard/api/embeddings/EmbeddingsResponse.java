package dev.switchboard.api.embeddings;

import dev.switchboard.api.chat.Usage;
import java.util.List;

/**
 * One vector per input, in input order. {@code usage} holds the prompt tokens (no completion tokens), or
 * {@link Usage#NONE} when the provider reported none (the gateway then estimates them).
 */
public record EmbeddingsResponse(String model, List<float[]> vectors, Usage usage) {

    public EmbeddingsResponse {
        vectors = List.copyOf(vectors);
        usage = usage == null ? Usage.NONE : usage;
    }
}
