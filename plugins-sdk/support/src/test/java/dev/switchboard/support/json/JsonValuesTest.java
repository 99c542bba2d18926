package dev.switchboard.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonValuesTest {

    @Test
    public void readsAndWritesFreeFormValuesKeepingOrderAndNulls() throws Exception {
        String json = "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],"
                + "\"n\":2,\"temperature\":0.25,\"logprobs\":true,\"stop\":null,\"big\":12345678901234,"
                + "\"nested\":[[1,2],[]]}";

        Object value;
        try (JsonParser parser = JsonValues.FACTORY.createParser(json)) {
            parser.nextToken();
            value = JsonValues.read(parser);
        }

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("tools", "n", "temperature", "logprobs", "stop", "big", "nested");
        assertThat(map.get("n")).isEqualTo(2);
        assertThat(map.get("temperature")).isEqualTo(new BigDecimal("0.25"));
        assertThat(map.get("big")).isEqualTo(12345678901234L);
        assertThat(map.containsKey("stop")).isTrue();
        assertThat(write(value)).isEqualTo(json);
    }

    @Test
    public void writesJavaValues() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1, 2.5, "x"));
        map.put("b", new Object[] {true, null});
        map.put("c", 3L);
        map.put("d", new StringBuilder("sb"));

        assertThat(write(map)).isEqualTo("{\"a\":[1,2.5,\"x\"],\"b\":[true,null],\"c\":3,\"d\":\"sb\"}");
        assertThat(write(Arrays.asList(1.5f, (short) 2))).isEqualTo("[1.5,2]");
    }

    @Test
    public void rejectsWhatIsNoJson() {
        assertThatThrownBy(() -> write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String write(Object value) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JsonValues.FACTORY.createGenerator(out)) {
            JsonValues.write(generator, value);
        }
        return out.toString();
    }
}
