package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class OpenAiErrorWriterTest {

    private static String write(GatewayException error) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OpenAiErrorWriter().write(error, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void writesAllFourFieldsWithNullsForAbsentOnes() throws IOException {
        assertThat(write(GatewayException.invalidRequest("messages[0].role", "Missing 'role'.")))
                .isEqualTo("{\"error\":{\"message\":\"Missing 'role'.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"messages[0].role\",\"code\":null}}");
    }

    @Test
    public void writesTheCode() throws IOException {
        assertThat(write(GatewayException.modelNotFound("nope")))
                .isEqualTo("{\"error\":{\"message\":\"The model 'nope' does not exist or you do not have access to it.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}");
    }

    @Test
    public void writesAnEmptyMessageRatherThanNull() throws IOException {
        assertThat(write(new GatewayException(500, "api_error", null, null, null, null)))
                .startsWith("{\"error\":{\"message\":\"\",");
    }
}
