package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON body of an endpoint beyond chat, read as a tree (these bodies are small next to a conversation) with
 * every number a {@link BigDecimal}, so no number can become an infinity. Typed getters answer a 400
 * {@code invalid_request_error} naming the field when a value has the wrong type; {@link #extensions} returns
 * every field the endpoint does not read itself, as plain Java values, to travel under its OpenAI name.
 */
public final class BodyFields {

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode body;

    private BodyFields(ObjectNode body) {
        this.body = body;
    }

    public static BodyFields read(byte[] bytes, int length, String expectation) throws IOException {
        JsonNode tree;
        try {
            tree = READER.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(null, "We could not parse the JSON body of your request. "
                    + "The API expects a JSON payload with " + expectation + ".");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw GatewayException.invalidRequest(null, "We could not parse the JSON body of your request. "
                    + "The API expects a JSON payload with " + expectation + ".");
        }
        return new BodyFields(object);
    }

    public boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            throw GatewayException.invalidRequest(name, "Missing required parameter: '" + name + "'.");
        }
        return value;
    }

    public String string(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    public Integer integer(String name, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() && !(value.isBigDecimal() && isIntegral(value.decimalValue()))) {
            throw wrongType(name, "an integer", value);
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw GatewayException.invalidRequest(name, "Invalid '" + name + "': must be between " + min + " and "
                    + max + ", but got " + number.toPlainString() + " instead.");
        }
        return number.intValue();
    }

    public Long longValue(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "an integer", value);
        }
        return value.longValue();
    }

    public Double decimal(String name, double min, double max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(name, "a decimal", value);
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw GatewayException.invalidRequest(name, "Invalid '" + name + "': must be between " + min + " and "
                    + max + ", but got " + number.toPlainString() + " instead.");
        }
        return number.doubleValue();
    }

    public boolean bool(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "a boolean", value);
        }
        return value.booleanValue();
    }

    /** A string or an array of strings, as a list; {@code null} when not sent. */
    public List<String> strings(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        if (!value.isArray()) {
            throw wrongType(name, "one of a string or array of strings", value);
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                throw wrongType(name + "[" + i + "]", "a string", element);
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    /** The raw value of a field, or null. */
    public JsonNode node(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** Every field but {@code known}, as plain Java values (maps, lists, strings, big decimals, booleans). */
    public Map<String, Object> extensions(Set<String> known) {
        Map<String, Object> extensions = null;
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!known.contains(field.getKey())) {
                if (extensions == null) {
                    extensions = new LinkedHashMap<>();
                }
                extensions.put(field.getKey(), plain(field.getValue()));
            }
        }
        return extensions == null ? Map.of() : extensions;
    }

    public static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
        return map;
    }

    private static boolean isIntegral(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    static GatewayException wrongType(String param, String expected, JsonNode value) {
        return GatewayException.invalidRequest(param, "Invalid type for '" + param + "': expected " + expected
                + ", but got " + kind(value) + " instead.");
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
