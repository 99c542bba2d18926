package dev.switchboard.cache.semantic.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.chat.ChatResponse;
import java.io.IOException;

/**
 * A {@link ChatResponse} as JSON bytes: the grid holds only JDK types, since it cannot load this bundle's
 * (or the API's) classes. The records are written under their component names (Jackson's record support); this is
 * the cache's own storage form, not a wire format a client sees. The same form as the grid (L2) cache's.
 */
final class ResponseJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ResponseJson() {
    }

    static byte[] write(ChatResponse response) throws IOException {
        return MAPPER.writeValueAsBytes(response);
    }

    static ChatResponse read(byte[] json, int offset, int length) throws IOException {
        return MAPPER.readValue(json, offset, length, ChatResponse.class);
    }
}
