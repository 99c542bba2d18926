package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, for {@code /v1/messages}. The
 * error type follows the status as Anthropic's own do, so its SDKs raise the matching exception class.
 */
public final class AnthropicErrorWriter implements ErrorBodyWriter {

    @Override
    public void write(GatewayException error, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            writeObject(gen, error);
        }
    }

    public void writeObject(JsonGenerator gen, GatewayException error) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "error");
        gen.writeObjectFieldStart("error");
        gen.writeStringField("type", type(error.status()));
        gen.writeStringField("message", error.getMessage() == null ? "" : error.getMessage());
        gen.writeEndObject();
        gen.writeEndObject();
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
