package dev.switchboard.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (as OpenAI takes it for tool parameters and {@code response_format}) written as Gemini's
 * {@code Schema}, which is a subset of OpenAPI 3.0: what Gemini has is kept, what it can express differently is
 * converted, the rest is dropped rather than failing the request at Google with a 400.
 * <ul>
 *   <li>converted: {@code type} in upper case (Gemini's enum); {@code "type": ["string", "null"]} to
 *       {@code STRING} + {@code nullable}; several types to {@code anyOf}; {@code oneOf} to {@code anyOf};
 *       {@code const} to a one-value {@code enum}; local {@code $ref}s ({@code #/$defs/..},
 *       {@code #/definitions/..}) inlined, to a bounded depth (a recursive schema ends in a plain OBJECT);</li>
 *   <li>dropped: {@code additionalProperties}, {@code $schema}, {@code $id}, {@code $defs}, {@code strict},
 *       {@code allOf}, {@code not}, {@code patternProperties}, {@code exclusiveMinimum}/{@code Maximum},
 *       {@code multipleOf}, {@code examples}; {@code format}s Gemini does not know; {@code enum}s that are not
 *       strings (Gemini has string enums only); {@code required} names that are not properties.</li>
 * </ul>
 * Dropping loosens the schema, never tightens it: the model may produce what the dropped keyword forbade, so a
 * client that relied on it should validate the answer (documented in the bundle's README).
 */
final class GeminiSchema {

    /** Keywords copied as they are. */
    private static final Set<String> COPIED = Set.of("description", "title", "nullable", "minItems", "maxItems",
            "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "minimum", "maximum", "default",
            "example", "propertyOrdering");
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "float", "double", "int32", "int64");
    private static final Set<String> TYPES = Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");
    /** How deep $refs are inlined before a recursive schema is cut off. */
    private static final int MAX_DEPTH = 24;

    private GeminiSchema() {
    }

    /** Writes {@code schema} (maps, lists and scalars as the request carries them) as a Gemini Schema object. */
    static void write(JsonGenerator g, Object schema) throws IOException {
        write(g, schema, schema instanceof Map<?, ?> root ? root : Map.of(), 0);
    }

    /** Whether a schema is an object without properties, which Gemini refuses as a function's parameters. */
    static boolean isEmptyObject(Object schema) {
        if (!(schema instanceof Map<?, ?> map)) {
            return true;
        }
        Object properties = map.get("properties");
        return !(properties instanceof Map<?, ?> props && !props.isEmpty()) && map.get("anyOf") == null
                && map.get("oneOf") == null && map.get("$ref") == null;
    }

    private static void write(JsonGenerator g, Object node, Map<?, ?> root, int depth) throws IOException {
        g.writeStartObject();
        if (node instanceof Map<?, ?> schema) {
            if (depth >= MAX_DEPTH) {
                g.writeStringField("type", "OBJECT");
            } else {
                Object ref = schema.get("$ref");
                Map<?, ?> target = ref instanceof String path ? resolve(root, path) : null;
                if (target != null) {
                    writeFields(g, merged(target, schema), root, depth + 1);
                } else {
                    writeFields(g, schema, root, depth);
                }
            }
        }
        g.writeEndObject();
    }

    private static void writeFields(JsonGenerator g, Map<?, ?> schema, Map<?, ?> root, int depth) throws IOException {
        List<String> types = types(schema.get("type"));
        boolean nullable = Boolean.TRUE.equals(schema.get("nullable")) || types.remove("NULL");
        if (types.size() == 1) {
            g.writeStringField("type", types.get(0));
        }
        if (nullable) {
            g.writeBooleanField("nullable", true);
        }
        for (Map.Entry<?, ?> entry : schema.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (COPIED.contains(key) && !"nullable".equals(key)) {
                g.writeFieldName(key);
                JsonValues.write(g, value);
            }
        }
        Object format = schema.get("format");
        if (format instanceof String name && FORMATS.contains(name)) {
            g.writeStringField("format", name);
        }
        Object constant = schema.get("const");
        Object values = constant instanceof String ? List.of(constant) : schema.get("enum");
        if (values instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(v -> v instanceof String)) {
            if (types.isEmpty()) {
                g.writeStringField("type", "STRING");
            }
            g.writeFieldName("enum");
            JsonValues.write(g, list);
        }
        Object properties = schema.get("properties");
        if (properties instanceof Map<?, ?> props && !props.isEmpty()) {
            g.writeObjectFieldStart("properties");
            for (Map.Entry<?, ?> property : props.entrySet()) {
                g.writeFieldName(String.valueOf(property.getKey()));
                write(g, property.getValue(), root, depth + 1);
            }
            g.writeEndObject();
            if (schema.get("required") instanceof List<?> required) {
                g.writeArrayFieldStart("required");
                for (Object name : required) {
                    if (name instanceof String field && props.containsKey(field)) {
                        g.writeString(field);
                    }
                }
                g.writeEndArray();
            }
        }
        Object items = schema.get("items");
        if (items instanceof List<?> tuple && !tuple.isEmpty()) {
            items = tuple.get(0);
        }
        if (items instanceof Map<?, ?>) {
            g.writeFieldName("items");
            write(g, items, root, depth + 1);
        }
        List<Object> alternatives = new ArrayList<>();
        for (String key : new String[] {"anyOf", "oneOf"}) {
            if (schema.get(key) instanceof List<?> list) {
                alternatives.addAll(list);
            }
        }
        if (types.size() > 1) {
            for (String type : types) {
                alternatives.add(Map.of("type", type));
            }
        }
        if (!alternatives.isEmpty()) {
            g.writeArrayFieldStart("anyOf");
            for (Object alternative : alternatives) {
                write(g, alternative, root, depth + 1);
            }
            g.writeEndArray();
        }
    }

    /** The schema's type(s) in Gemini's names, {@code NULL} included, unknown names left out. */
    private static List<String> types(Object type) {
        List<String> types = new ArrayList<>(2);
        if (type instanceof String name) {
            add(types, name);
        } else if (type instanceof List<?> names) {
            for (Object name : names) {
                if (name instanceof String text) {
                    add(types, text);
                }
            }
        }
        return types;
    }

    private static void add(List<String> types, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if ((TYPES.contains(upper) || "NULL".equals(upper)) && !types.contains(upper)) {
            types.add(upper);
        }
    }

    private static Map<?, ?> resolve(Map<?, ?> root, String path) {
        Object node = root;
        if (!path.startsWith("#/")) {
            return null;
        }
        for (String segment : path.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(segment.replace("~1", "/").replace("~0", "~"));
        }
        return node instanceof Map<?, ?> target ? target : null;
    }

    /** The referenced schema with the referring one's own keywords (a description, say) on top. */
    private static Map<?, ?> merged(Map<?, ?> target, Map<?, ?> referring) {
        if (referring.size() == 1) {
            return target;
        }
        Map<Object, Object> merged = new java.util.LinkedHashMap<>(target);
        referring.forEach((key, value) -> {
            if (!"$ref".equals(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
