package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/embeddings}: the body in, OpenAI's {@code list} of {@code embedding} objects out. The gateway
 * always asks providers for floats and encodes {@code base64} itself (little-endian float32, as OpenAI does and
 * its SDKs decode; the Node SDK asks for base64 by default).
 */
public final class EmbeddingsJson {

    public static final String BASE64 = "base64";
    private static final Set<String> KNOWN = Set.of("model", "input", "dimensions", "user", "encoding_format");
    private static final int MAX_INPUTS = 2048;

    private EmbeddingsJson() {
    }

    /** The request and the encoding the client asked for ({@code float} or {@code base64}). */
    public record Read(EmbeddingsRequest request, String encoding) {
    }

    public static Read read(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model' and an 'input'");
        String model = fields.requiredString("model");
        if (!fields.has("input")) {
            throw GatewayException.invalidRequest("input", "Missing required parameter: 'input'.");
        }
        if (fields.node("input").isArray() && fields.node("input").size() > 0
                && !fields.node("input").get(0).isTextual()) {
            throw GatewayException.invalidRequest("input", "Token arrays as 'input' are not supported by this "
                    + "gateway; send the text.");
        }
        List<String> input = fields.strings("input");
        if (input.isEmpty() || input.size() > MAX_INPUTS) {
            throw GatewayException.invalidRequest("input", "'input' must hold between 1 and " + MAX_INPUTS
                    + " texts.");
        }
        for (int i = 0; i < input.size(); i++) {
            if (input.get(i).isEmpty()) {
                throw GatewayException.invalidRequest("input[" + i + "]", "'input' must not contain empty strings.");
            }
        }
        String encoding = fields.string("encoding_format");
        if (encoding != null && !encoding.equals("float") && !encoding.equals(BASE64)) {
            throw GatewayException.invalidRequest("encoding_format", "Invalid 'encoding_format': expected one of "
                    + "float, base64, but got '" + encoding + "' instead.");
        }
        Integer dimensions = fields.integer("dimensions", 1, 65_536);
        return new Read(new EmbeddingsRequest(model, input, dimensions, fields.string("user"),
                fields.extensions(KNOWN)), encoding == null ? "float" : encoding);
    }

    public static void write(EmbeddingsResponse response, String model, String encoding, OutputStream out)
            throws IOException {
        boolean base64 = BASE64.equals(encoding);
        try (JsonGenerator gen = Json.generator(out)) {
            // ~1500 floats a vector: Schubfach formatting costs half of Float.toString
            gen.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
            gen.writeStartObject();
            gen.writeStringField("object", "list");
            gen.writeArrayFieldStart("data");
            List<float[]> vectors = response.vectors();
            for (int i = 0; i < vectors.size(); i++) {
                gen.writeStartObject();
                gen.writeStringField("object", "embedding");
                gen.writeNumberField("index", i);
                gen.writeFieldName("embedding");
                float[] vector = vectors.get(i);
                if (base64) {
                    gen.writeString(base64(vector));
                } else {
                    gen.writeStartArray();
                    for (float value : vector) {
                        gen.writeNumber(value);
                    }
                    gen.writeEndArray();
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeStringField("model", response.model() == null ? model : response.model());
            gen.writeObjectFieldStart("usage");
            gen.writeNumberField("prompt_tokens", response.usage().promptTokens());
            gen.writeNumberField("total_tokens", response.usage().totalTokens());
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
