package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrorWriter implements ErrorBodyWriter {

    @Override
    public void write(GatewayException error, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            writeObject(gen, error);
        }
    }

    /** The error object alone, so the SSE writer can send the same shape as an event. */
    public void writeObject(JsonGenerator gen, GatewayException error) throws IOException {
        gen.writeStartObject();
        gen.writeObjectFieldStart("error");
        gen.writeStringField("message", error.getMessage() == null ? "" : error.getMessage());
        gen.writeStringField("type", error.type());
        gen.writeStringField("param", error.param());
        gen.writeStringField("code", error.code());
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
