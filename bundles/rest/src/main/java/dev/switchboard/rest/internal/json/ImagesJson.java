package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.images.GeneratedImage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/** {@code POST /v1/images/generations}: the body in, OpenAI's image list out ({@code b64_json} or {@code url}). */
public final class ImagesJson {

    private static final Set<String> KNOWN = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "user");

    private ImagesJson() {
    }

    public static ImageRequest read(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model' and a 'prompt'");
        String model = fields.requiredString("model");
        String prompt = fields.requiredString("prompt");
        String format = fields.string("response_format");
        if (format != null && !format.equals("url") && !format.equals("b64_json")) {
            throw GatewayException.invalidRequest("response_format", "Invalid 'response_format': expected one of "
                    + "url, b64_json, but got '" + format + "' instead.");
        }
        return new ImageRequest(model, prompt, fields.integer("n", 1, 10), fields.string("size"),
                fields.string("quality"), format, fields.string("user"), fields.extensions(KNOWN));
    }

    public static void write(ImageResponse response, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("created", response.createdEpochSeconds());
            gen.writeArrayFieldStart("data");
            for (GeneratedImage image : response.data()) {
                gen.writeStartObject();
                if (image.b64Json() != null) {
                    gen.writeStringField("b64_json", image.b64Json());
                }
                if (image.url() != null) {
                    gen.writeStringField("url", image.url());
                }
                if (image.revisedPrompt() != null) {
                    gen.writeStringField("revised_prompt", image.revisedPrompt());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            if (response.usage().totalTokens() > 0) {
                gen.writeObjectFieldStart("usage");
                gen.writeNumberField("input_tokens", response.usage().promptTokens());
                gen.writeNumberField("output_tokens", response.usage().completionTokens());
                gen.writeNumberField("total_tokens", response.usage().totalTokens());
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }
}
