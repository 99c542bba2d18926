package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic embeddings for demos and tests: the same text always gives the same unit vector (from SHA-256 of
 * the text, stretched by counter), so a search demo works offline and tests can compare exact values. Not
 * semantic: different texts give unrelated vectors.
 */
final class MockEmbeddings {

    static final int DEFAULT_DIMENSIONS = 16;

    private MockEmbeddings() {
    }

    static EmbeddingsResponse embed(EmbeddingsRequest request) {
        int dimensions = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
        List<float[]> vectors = new ArrayList<>(request.input().size());
        long tokens = 0;
        for (String text : request.input()) {
            vectors.add(vector(text, dimensions));
            tokens += MockAnswers.estimateTokens(text);
        }
        return new EmbeddingsResponse(request.model(), vectors, new Usage(tokens, 0));
    }

    static float[] vector(String text, int dimensions) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        float[] vector = new float[dimensions];
        byte[] block = new byte[0];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            if (i % 16 == 0) {
                sha.reset();
                sha.update(bytes);
                sha.update((byte) (i / 16));
                block = sha.digest();
            }
            int at = (i % 16) * 2;
            float value = ((block[at] << 8) | (block[at + 1] & 0xff)) / 32768f;
            vector[i] = value;
            norm += value * value;
        }
        float scale = norm == 0 ? 1 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
