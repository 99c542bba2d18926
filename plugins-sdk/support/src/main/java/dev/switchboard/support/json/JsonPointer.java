package dev.switchboard.support.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6901 JSON pointer ({@code /content/0/text}), parsed once from configuration and applied to the
 * maps and lists support's {@code JsonValues.read} makes. A pointer that leads nowhere yields {@code null}.
 */
public final class JsonPointer {

    private final String text;
    private final String[] tokens;

    private JsonPointer(String text, String[] tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException naming {@code key} when the pointer does not start with '/' */
    public static JsonPointer parse(String pointer, String key) {
        if (pointer == null || pointer.isEmpty()) {
            return null;
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException(key + " must be a JSON pointer starting with '/', was '" + pointer + "'");
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return new JsonPointer(pointer, tokens.toArray(String[]::new));
    }

    public Object find(Object document) {
        Object current = document;
        for (String token : tokens) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(token);
            } else if (current instanceof List<?> list) {
                int index = index(token);
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** The value as text: a string as it is, a number or boolean as written; {@code null} for absent or structures. */
    public String findText(Object document) {
        Object value = find(document);
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    /** A whole number, or -1 when absent or not a number. */
    public long findCount(Object document) {
        Object value = find(document);
        return value instanceof Number number ? Math.max(0, number.longValue()) : -1;
    }

    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    @Override
    public String toString() {
        return text;
    }
}
