package dev.switchboard.provider.ollama.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure translation between the API's embeddings records and Ollama's native {@code POST /api/embed}
 * ({@code {"model", "input": [...], "dimensions"?, "truncate"?, "keep_alive"?, "options"?}} answered by
 * {@code {"model", "embeddings": [[...], ...], "prompt_eval_count", ...}}); no HTTP here. The vectors come back
 * in input order; {@code prompt_eval_count} is the prompt's tokens. Ollama's own fields ({@code truncate},
 * {@code keep_alive}, {@code options}) go upstream from the request's extensions; OpenAI's {@code user} and
 * {@code encoding_format} do not (the gateway encodes base64 itself).
 */
final class OllamaEmbeddings {

    private static final Set<String> NOT_SENT = Set.of("model", "input", "dimensions", "user", "encoding_format");

    private OllamaEmbeddings() {
    }

    static byte[] requestBody(EmbeddingsRequest request) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            g.writeArrayFieldStart("input");
            for (String text : request.input()) {
                g.writeString(text);
            }
            g.writeEndArray();
            if (request.dimensions() != null) {
                g.writeNumberField("dimensions", request.dimensions());
            }
            for (Map.Entry<String, Object> extension : request.extensions().entrySet()) {
                if (!NOT_SENT.contains(extension.getKey())) {
                    g.writeFieldName(extension.getKey());
                    JsonValues.write(g, extension.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static EmbeddingsResponse readResponse(byte[] body, int inputs) throws IOException {
        List<float[]> vectors = new ArrayList<>(inputs);
        String model = null;
        long promptTokens = 0;
        try (JsonParser p = JsonValues.FACTORY.createParser(body)) {
            p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "prompt_eval_count" -> promptTokens = value == JsonToken.VALUE_NUMBER_INT
                            ? Math.max(0, p.getLongValue()) : 0;
                    case "embeddings" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("embeddings is not an array");
                        }
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            vectors.add(floats(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        if (vectors.size() != inputs) {
            throw new IOException(vectors.size() + " embeddings for " + inputs + " inputs");
        }
        return new EmbeddingsResponse(model, vectors, new Usage(promptTokens, 0));
    }

    private static float[] floats(JsonParser p) throws IOException {
        float[] values = new float[256];
        int count = 0;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw new IOException("an embedding holds a non-number");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = p.getFloatValue();
        }
        return Arrays.copyOf(values, count);
    }
}
