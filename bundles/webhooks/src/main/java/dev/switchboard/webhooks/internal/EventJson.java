package dev.switchboard.webhooks.internal;

import dev.switchboard.api.event.EventProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a delivery: {@code {"id":..,"type":..,"created":<unix seconds>,"data":{<the event's properties>}}}.
 * Properties are JDK types (the event API's rule), so a small writer does; EventAdmin's own properties
 * ({@code event.topics}) stay out.
 */
final class EventJson {

    private EventJson() {
    }

    static byte[] body(String id, String type, long timestampMillis, Map<String, Object> properties) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"id\":");
        string(json, id);
        json.append(",\"type\":");
        string(json, type);
        json.append(",\"created\":").append(timestampMillis / 1000);
        json.append(",\"data\":{");
        boolean first = true;
        for (Map.Entry<String, Object> property : new TreeMap<>(properties).entrySet()) {
            String name = property.getKey();
            if (name.equals("event.topics") || name.equals(EventProperties.EVENT_ID)
                    || name.equals(EventProperties.TYPE) || property.getValue() == null) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, name);
            json.append(':');
            value(json, property.getValue());
        }
        json.append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder json, Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            json.append(value);
        } else if (value instanceof BigDecimal decimal) {
            json.append(decimal.toPlainString());
        } else if ((value instanceof Double d && Double.isFinite(d)) || (value instanceof Float f && Float.isFinite(f))) {
            json.append(value);
        } else {
            string(json, String.valueOf(value));
        }
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
