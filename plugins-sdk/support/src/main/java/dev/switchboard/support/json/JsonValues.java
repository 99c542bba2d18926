package dev.switchboard.support.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.TreeNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON values (the {@code extensions} maps of the API records) read and written with Jackson's
 * streaming API, so a provider bundle needs no ObjectMapper and builds no tree on its hot path.
 * Values are {@code Map<String, ?>} (key order kept), {@code List}/arrays, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}, or a Jackson {@link TreeNode} (e.g. a {@code JsonNode} from databind).
 */
public final class JsonValues {

    /**
     * The factory every provider mapping should share (thread-safe, caches symbol tables). Its string limit is
     * raised from Jackson's 20 MB default because inline images and audio travel as base64 strings.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(128 * 1024 * 1024).build())
            .build();

    private JsonValues() {
    }

    /**
     * Reads the value at the parser's current token (call {@code nextToken()} first) and leaves the parser on
     * that value's last token.
     */
    public static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IOException("no current JSON token");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, read(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return parser.getEmbeddedObject();
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    /** Writes {@code value} as JSON. */
    public static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String) {
            generator.writeString((String) value);
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof Number) {
            writeNumber(generator, (Number) value);
        } else if (value instanceof Map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable) {
            generator.writeStartArray();
            for (Object element : (Iterable<?>) value) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Object[]) {
            generator.writeStartArray();
            for (Object element : (Object[]) value) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof TreeNode) {
            // traverse() needs no ObjectCodec, so a databind JsonNode is copied without databind on our side
            try (JsonParser tree = ((TreeNode) value).traverse()) {
                tree.nextToken();
                generator.copyCurrentStructure(tree);
            }
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum) {
            generator.writeString(value.toString());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeNumber(JsonGenerator generator, Number number) throws IOException {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            generator.writeNumber(number.intValue());
        } else if (number instanceof Long) {
            generator.writeNumber(number.longValue());
        } else if (number instanceof Double) {
            generator.writeNumber(number.doubleValue());
        } else if (number instanceof Float) {
            generator.writeNumber(number.floatValue());
        } else if (number instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) number);
        } else if (number instanceof BigInteger) {
            generator.writeNumber((BigInteger) number);
        } else {
            generator.writeNumber(number.toString());
        }
    }
}
