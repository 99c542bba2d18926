package dev.switchboard.core.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns JSON trees (and other beans) in extensions into plain maps, lists and scalars for fingerprinting. */
final class JsonCanonical {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCanonical() {
    }

    static Object toPlain(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isNull() || node.isMissingNode()) {
                return null;
            }
        }
        Object plain = MAPPER.convertValue(value, Object.class);
        return plain instanceof JsonNode ? plain.toString() : plain;
    }
}
