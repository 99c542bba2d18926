package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChatCompletionWriterTest {

    private static JsonNode write(ChatResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChatCompletionWriter().write(response, out);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    public void writesOpenAisChatCompletionShape() throws IOException {
        JsonNode json = write(new ChatResponse("chatcmpl-1", "gpt-4o", 1_700_000_000L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "Hello \"you\"\n"), "stop")),
                new Usage(12, 3)));

        assertThat(json.toString()).isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello \\\"you\\\"\\n\"},"
                + "\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}");
    }

    @Test
    public void writesMessageExtensionsSuchAsToolCalls() throws IOException {
        Map<String, Object> toolCalls = Map.of("tool_calls", List.of(Map.of("id", "call_1", "type", "function")));
        JsonNode json = write(new ChatResponse("id", "m", 0,
                List.of(new ChatChoice(0, new ChatMessage("assistant", null, null, toolCalls), "tool_calls")),
                null));

        JsonNode message = json.at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(json.at("/usage/total_tokens").asLong()).isZero();
    }

    @Test
    public void writesEveryChoice() throws IOException {
        JsonNode json = write(new ChatResponse("id", "m", 0, List.of(
                new ChatChoice(0, ChatMessage.of("assistant", "a"), "stop"),
                new ChatChoice(1, ChatMessage.of("assistant", "b"), "length")), Usage.NONE));

        assertThat(json.get("choices")).hasSize(2);
        assertThat(json.at("/choices/1/index").asInt()).isEqualTo(1);
        assertThat(json.at("/choices/1/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    public void writesEveryFieldOpenAiAnsweredUnchanged() throws IOException {
        JsonNode upstream = OpenAiDocuments.completion();

        JsonNode written = write(OpenAiDocuments.toResponse(upstream));

        assertThat(written).isEqualTo(upstream);
    }

    @Test
    public void writesCachedAndReasoningTokensInOpenAisShapeWhenAVendorReportedThemWithoutDetails() throws IOException {
        JsonNode json = write(new ChatResponse("id", "m", 0, List.of(), new Usage(100, 50, 80, 10, 20, Map.of())));

        assertThat(json.get("usage").toString()).isEqualTo("{\"prompt_tokens\":100,\"completion_tokens\":50,"
                + "\"total_tokens\":150,\"prompt_tokens_details\":{\"cached_tokens\":80},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":20}}");
    }

    @Test
    public void anExtensionCannotRepeatAFieldTheWriterOwns() throws IOException {
        JsonNode json = write(new ChatResponse("id", "m", 0, List.of(new ChatChoice(0,
                new ChatMessage("assistant", "a", null, Map.of("role", "user")), "stop", Map.of("index", 9))),
                null, Map.of("id", "other", "object", "x")));

        assertThat(json.get("id").asText()).isEqualTo("id");
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.at("/choices/0/index").asInt()).isZero();
        assertThat(json.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    }
}
