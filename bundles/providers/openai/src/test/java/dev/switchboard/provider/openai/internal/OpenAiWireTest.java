package dev.switchboard.provider.openai.internal;

import dev.switchboard.support.openai.OpenAiWire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

public class OpenAiWireTest {

    @Test
    public void readsAnErrorEnvelope() {
        OpenAiWire.Error error = OpenAiWire.readError(WireSamples.bytes("error-400-context-length.json"));

        assertThat(error).isEqualTo(new OpenAiWire.Error("This model's maximum context length is 128000 tokens. "
                + "However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
                "invalid_request_error", "context_length_exceeded", "messages"));
    }

    @Test
    public void toleratesErrorsFromOtherServers() {
        assertThat(OpenAiWire.readError(bytes("<html>502 Bad Gateway</html>"))).isNull();
        assertThat(OpenAiWire.readError(bytes("{\"detail\":\"nope\"}"))).isNull();
        assertThat(OpenAiWire.readError(bytes("{\"error\":\"plain\"}"))).isEqualTo(new OpenAiWire.Error("plain", null, null, null));
        assertThat(OpenAiWire.readError(bytes("{\"error\":{\"message\":\"m\",\"code\":429}}")).code()).isEqualTo("429");
    }

    @Test
    public void readsAnErrorInsideAStream() throws Exception {
        OpenAiWire.Chunk chunk = OpenAiWire.readChunk("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");

        assertThat(chunk.error().type()).isEqualTo("server_error");
        assertThat(chunk.choices()).isEmpty();
    }

    @Test
    public void toleratesNullChoicesAndUnknownFields() throws Exception {
        OpenAiWire.Chunk chunk = OpenAiWire.readChunk("{\"id\":\"x\",\"choices\":null,\"new_field\":{\"a\":[1,2]},"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");

        assertThat(chunk.choices()).isEmpty();
        assertThat(chunk.usage()).isEqualTo(new OpenAiWire.Usage(3, 4, 0, 0, Map.of()));
        assertThat(chunk.extra()).containsOnlyKeys("new_field");
    }

    @Test
    public void rejectsWhatIsNotAnObject() {
        assertThatThrownBy(() -> OpenAiWire.readChunk("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> OpenAiWire.readChunk("{\"id\":")).isInstanceOf(IOException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
