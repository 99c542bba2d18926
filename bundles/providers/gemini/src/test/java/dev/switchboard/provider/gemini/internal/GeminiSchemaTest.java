package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** JSON Schema to Gemini's Schema subset: what converts, what is dropped. */
public class GeminiSchemaTest {

    private static String convert(Object schema) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            GeminiSchema.write(g, schema);
        }
        return out.toString();
    }

    @Test
    public void nullableTypeUnionsBecomeNullable() throws IOException {
        assertThat(convert(Map.of("type", List.of("string", "null")))).isEqualTo("{\"type\":\"STRING\",\"nullable\":true}");
    }

    @Test
    public void severalTypesBecomeAnyOf() throws IOException {
        assertThat(convert(Map.of("type", List.of("string", "integer"))))
                .isEqualTo("{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"INTEGER\"}]}");
    }

    @Test
    public void constBecomesAOneValueEnumAndNonStringEnumsAreDropped() throws IOException {
        assertThat(convert(Map.of("const", "yes"))).isEqualTo("{\"type\":\"STRING\",\"enum\":[\"yes\"]}");
        assertThat(convert(Map.of("type", "integer", "enum", List.of(1, 2)))).isEqualTo("{\"type\":\"INTEGER\"}");
    }

    @Test
    public void unsupportedKeywordsAndFormatsAreDropped() throws IOException {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("properties", Map.of("site", Map.of("type", "string", "format", "uri"),
                "when", Map.of("type", "string", "format", "date-time")));
        schema.put("required", List.of("site", "ghost"));

        String converted = convert(schema);

        assertThat(converted).doesNotContain("additionalProperties").doesNotContain("$schema")
                .doesNotContain("uri").doesNotContain("ghost");
        assertThat(converted).contains("\"format\":\"date-time\"").contains("\"required\":[\"site\"]");
    }

    @Test
    public void localReferencesAreInlined() throws IOException {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("pet", Map.of("$ref", "#/$defs/Pet")));
        schema.put("$defs", Map.of("Pet", Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))));

        assertThat(convert(schema)).isEqualTo("{\"type\":\"OBJECT\",\"properties\":{\"pet\":{\"type\":\"OBJECT\","
                + "\"properties\":{\"name\":{\"type\":\"STRING\"}}}}}");
    }

    @Test
    public void aRecursiveSchemaEndsInAPlainObject() throws IOException {
        Map<String, Object> node = Map.of("type", "object", "properties",
                Map.of("child", Map.of("$ref", "#/definitions/Node")));
        Map<String, Object> schema = Map.of("$ref", "#/definitions/Node", "definitions", Map.of("Node", node));

        String converted = convert(schema);

        assertThat(converted).startsWith("{\"type\":\"OBJECT\",\"properties\":{\"child\":").endsWith("}");
    }

    @Test
    public void oneOfBecomesAnyOfAndArraysKeepTheirItems() throws IOException {
        Map<String, Object> schema = Map.of("type", "array", "minItems", 1,
                "items", Map.of("oneOf", List.of(Map.of("type", "string"), Map.of("type", "number"))));

        assertThat(convert(schema)).contains("\"items\":{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"NUMBER\"}]}")
                .contains("\"minItems\":1").contains("\"type\":\"ARRAY\"");
    }
}
