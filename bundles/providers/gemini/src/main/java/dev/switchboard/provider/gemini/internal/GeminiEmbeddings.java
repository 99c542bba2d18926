package dev.switchboard.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's embeddings request and answer in Gemini's terms: one input goes to
 * {@code models/{model}:embedContent}, several to {@code :batchEmbedContents} (one request each, in order);
 * {@code dimensions} is Gemini's {@code outputDimensionality}. Gemini reports no token counts for embeddings.
 * The instance ({@code EmbeddingsCapable}) posts {@link #requestBody} to {@link #method} and maps the answer
 * with {@link #readVectors}.
 */
final class GeminiEmbeddings {

    private GeminiEmbeddings() {
    }

    /** The method for this many inputs: {@code embedContent} or {@code batchEmbedContents}. */
    static String method(int inputs) {
        return inputs == 1 ? "embedContent" : "batchEmbedContents";
    }

    /**
     * The body for {@link #method}. {@code taskType} (Gemini's RETRIEVAL_QUERY, SEMANTIC_SIMILARITY, ...) and
     * {@code dimensions} may be {@code null}.
     *
     * @throws IllegalArgumentException for no input (OpenAI's token-array inputs never reach here: text only)
     */
    static byte[] requestBody(String model, List<String> inputs, Integer dimensions, String taskType) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("input must not be empty");
        }
        String name = model.indexOf('/') < 0 ? "models/" + model : model;
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            if (inputs.size() == 1) {
                writeRequest(g, null, inputs.get(0), dimensions, taskType);
            } else {
                g.writeStartObject();
                g.writeArrayFieldStart("requests");
                for (String input : inputs) {
                    writeRequest(g, name, input, dimensions, taskType);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRequest(JsonGenerator g, String model, String input, Integer dimensions, String taskType)
            throws IOException {
        g.writeStartObject();
        if (model != null) {
            // each request of a batch names its model, the same as the one in the path
            g.writeStringField("model", model);
        }
        g.writeObjectFieldStart("content");
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", input == null ? "" : input);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (taskType != null) {
            g.writeStringField("taskType", taskType);
        }
        if (dimensions != null) {
            g.writeNumberField("outputDimensionality", dimensions);
        }
        g.writeEndObject();
    }

    /**
     * The vectors of either answer, in input order: {@code {"embedding":{"values":[...]}}} or
     * {@code {"embeddings":[{"values":[...]}, ...]}}.
     */
    static List<float[]> readVectors(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            List<float[]> vectors = new ArrayList<>(1);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("embedding".equals(field) && token == JsonToken.START_OBJECT) {
                    vectors.add(embedding(p));
                } else if ("embeddings".equals(field) && token == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        vectors.add(embedding(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return vectors;
        }
    }

    private static float[] embedding(JsonParser p) throws IOException {
        float[] values = new float[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            if ("values".equals(field) && token == JsonToken.START_ARRAY) {
                float[] read = new float[256];
                int size = 0;
                while (p.nextToken().isNumeric()) {
                    if (size == read.length) {
                        read = java.util.Arrays.copyOf(read, size * 2);
                    }
                    read[size++] = p.getFloatValue();
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw new IOException("an embedding value is not a number");
                }
                values = java.util.Arrays.copyOf(read, size);
            } else {
                p.skipChildren();
            }
        }
        return values;
    }
}
