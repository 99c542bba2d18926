package dev.switchboard.core.internal.cache;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns beans an embedder put in extensions into plain maps, lists and scalars for fingerprinting. */
final class JsonCanonical {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCanonical() {
    }

    static Object toPlain(Object value) {
        Object plain = MAPPER.convertValue(value, Object.class);
        // a bean that converts to itself (or to something unknown) is hashed by its JSON text
        return plain == null || plain instanceof String || plain instanceof Number || plain instanceof Boolean
                || plain instanceof java.util.Map || plain instanceof java.util.Collection ? plain : String.valueOf(plain);
    }
}
