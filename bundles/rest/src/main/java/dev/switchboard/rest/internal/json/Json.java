package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The bundle's one {@link ObjectMapper}: thread-safe and costly to build, so shared. Generators never
 * close the servlet stream they write to, because the servlet (or the async context) owns it.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // writing an extension value must not flush half an SSE event; writers flush whole events
        MAPPER.disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    private Json() {
    }

    public static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.getFactory().createGenerator(out);
    }
}
