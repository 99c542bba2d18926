package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChatRequestReaderTest {

    private final ChatRequestReader reader = new ChatRequestReader();

    private ChatRequest read(String json) throws IOException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private GatewayException rejected(String json) {
        GatewayException error = catchThrowableOfType(() -> read(json), GatewayException.class);
        assertThat(error).as("expected a rejection of %s", json).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("invalid_request_error");
        return error;
    }

    private static String withMessages(String rest) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + rest + "}";
    }

    @Test
    public void readsEveryKnownField() throws IOException {
        ChatRequest request = read("{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hello\",\"name\":\"ann\"}],"
                + "\"temperature\":0.5,\"top_p\":1,\"max_tokens\":64,\"stop\":[\"\\n\",\"END\"],\"seed\":42,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"u-1\"}");

        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.messages()).containsExactly(
                new ChatMessage("system", "be brief", null, Map.of()),
                new ChatMessage("user", "hello", "ann", Map.of()));
        assertThat(request.temperature()).isEqualTo(0.5);
        assertThat(request.topP()).isEqualTo(1.0);
        assertThat(request.maxTokens()).isEqualTo(64);
        assertThat(request.stop()).containsExactly("\n", "END");
        assertThat(request.seed()).isEqualTo(42L);
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.user()).isEqualTo("u-1");
        assertThat(request.extensions()).isEmpty();
    }

    @Test
    public void leavesUnsentOptionsNull() throws IOException {
        ChatRequest request = read(withMessages(""));

        assertThat(request.temperature()).isNull();
        assertThat(request.topP()).isNull();
        assertThat(request.maxTokens()).isNull();
        assertThat(request.seed()).isNull();
        assertThat(request.stop()).isEmpty();
        assertThat(request.stream()).isFalse();
        assertThat(request.includeUsage()).isFalse();
        assertThat(request.user()).isNull();
    }

    @Test
    public void treatsJsonNullAsNotSent() throws IOException {
        ChatRequest request = read(withMessages(",\"temperature\":null,\"stop\":null,\"stream\":null,"
                + "\"stream_options\":null,\"seed\":null,\"max_tokens\":null,\"user\":null"));

        assertThat(request.temperature()).isNull();
        assertThat(request.stop()).isEmpty();
        assertThat(request.stream()).isFalse();
    }

    @Test
    public void prefersMaxCompletionTokensOverMaxTokens() throws IOException {
        assertThat(read(withMessages(",\"max_tokens\":10,\"max_completion_tokens\":20")).maxTokens()).isEqualTo(20);
        assertThat(read(withMessages(",\"max_completion_tokens\":30")).maxTokens()).isEqualTo(30);
    }

    @Test
    public void readsASingleStopString() throws IOException {
        assertThat(read(withMessages(",\"stop\":\"###\"")).stop()).containsExactly("###");
    }

    @Test
    public void joinsTextPartsAndKeepsThePartsInExtensions() throws IOException {
        ChatRequest request = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"first\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}},"
                + "{\"type\":\"text\",\"text\":\"second\"}]}]}");

        ChatMessage message = request.messages().get(0);
        assertThat(message.content()).isEqualTo("first\nsecond");
        assertThat(message.extensions()).containsOnlyKeys("content");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parts = (List<Map<String, Object>>) message.extensions().get("content");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1)).containsEntry("type", "image_url")
                .containsEntry("image_url", Map.of("url", "data:image/png;base64,AA=="));
    }

    @Test
    public void keepsUnknownMessageFieldsAsExtensions() throws IOException {
        ChatRequest request = read("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\"}]},"
                + "{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"c1\"}]}");

        assertThat(request.messages().get(1).content()).isNull();
        assertThat(request.messages().get(1).extensions())
                .containsEntry("tool_calls", List.of(Map.of("id", "c1", "type", "function")));
        assertThat(request.messages().get(2).extensions()).containsEntry("tool_call_id", "c1");
    }

    @Test
    public void keepsUnknownTopLevelFieldsAsExtensionsInOrder() throws IOException {
        ChatRequest request = read("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"logprobs\":true,\"n\":2,\"logit_bias\":null,\"frequency_penalty\":0.5}");

        assertThat(request.extensions()).containsOnlyKeys("tools", "response_format", "logprobs", "n",
                "logit_bias", "frequency_penalty");
        assertThat(List.copyOf(request.extensions().keySet()))
                .containsExactly("tools", "response_format", "logprobs", "n", "logit_bias", "frequency_penalty");
        assertThat(request.extensions().get("response_format")).isEqualTo(Map.of("type", "json_object"));
        assertThat(request.extensions().get("logprobs")).isEqualTo(true);
        assertThat(request.extensions().get("n")).isEqualTo(2);
        assertThat(request.extensions().get("logit_bias")).isNull();
        assertThat(request.extensions().get("frequency_penalty")).isEqualTo(0.5);
    }

    @Test
    public void ignoresUnknownStreamOptions() throws IOException {
        ChatRequest request = read(withMessages(",\"stream\":true,\"stream_options\":{\"x\":{\"y\":[1]},"
                + "\"include_usage\":true}"));

        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    public void rejectsMalformedJson() {
        for (String body : List.of("", "not json", "[]", "\"text\"", "{\"model\":", "{\"model\":\"m\"",
                "{\"model\" \"m\"}", withMessages("") + " {}", withMessages("") + "x")) {
            GatewayException error = rejected(body);
            assertThat(error.param()).as(body).isNull();
            assertThat(error.getMessage()).isEqualTo(ChatRequestReader.MALFORMED);
        }
    }

    @Test
    public void namesTheMissingOrInvalidParameter() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        cases.put("{\"model\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        cases.put("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        cases.put("{\"model\":\"m\"}", "messages");
        cases.put("{\"model\":\"m\",\"messages\":[]}", "messages");
        cases.put("{\"model\":\"m\",\"messages\":{}}", "messages");
        cases.put("{\"model\":\"m\",\"messages\":[\"hi\"]}", "messages[0]");
        cases.put("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}", "messages[0].role");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"robot\","
                + "\"content\":\"x\"}]}", "messages[1].role");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}", "messages[0].content");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[\"x\"]}]}",
                "messages[0].content[0]");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}",
                "messages[0].content[0].type");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                "messages[0].content[0].text");
        cases.put("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"name\":1}]}",
                "messages[0].name");
        cases.put(withMessages(",\"temperature\":\"hot\""), "temperature");
        cases.put(withMessages(",\"temperature\":2.5"), "temperature");
        cases.put(withMessages(",\"temperature\":-0.1"), "temperature");
        cases.put(withMessages(",\"top_p\":1.5"), "top_p");
        cases.put(withMessages(",\"max_tokens\":0"), "max_tokens");
        cases.put(withMessages(",\"max_tokens\":1.5"), "max_tokens");
        cases.put(withMessages(",\"max_tokens\":99999999999"), "max_tokens");
        cases.put(withMessages(",\"max_completion_tokens\":\"10\""), "max_completion_tokens");
        cases.put(withMessages(",\"stop\":5"), "stop");
        cases.put(withMessages(",\"stop\":[\"a\",1]"), "stop[1]");
        cases.put(withMessages(",\"seed\":1.5"), "seed");
        cases.put(withMessages(",\"seed\":123456789012345678901234567890"), "seed");
        cases.put(withMessages(",\"stream\":\"yes\""), "stream");
        cases.put(withMessages(",\"stream_options\":true"), "stream_options");
        cases.put(withMessages(",\"stream_options\":{\"include_usage\":1}"), "stream_options.include_usage");
        cases.put(withMessages(",\"user\":{}"), "user");

        cases.forEach((body, param) -> assertThat(rejected(body).param()).as(body).isEqualTo(param));
    }

    @Test
    public void explainsATypeErrorTheWayOpenAiDoes() {
        GatewayException error = rejected(withMessages(",\"temperature\":\"hot\""));

        assertThat(error.getMessage())
                .isEqualTo("Invalid type for 'temperature': expected a decimal, but got a string instead.");
    }

    @Test
    public void acceptsAnAssistantTurnWithoutContent() throws IOException {
        ChatRequest request = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\"}]}");

        assertThat(request.messages().get(1).content()).isNull();
    }

    @Test
    public void readsExtensionsAsPlainValuesAndRefusesInfiniteNumbers() throws IOException {
        ChatRequest request = read(withMessages(",\"logit_bias\":{\"50256\":-100,\"7\":2.5},\"n\":2,"
                + "\"big\":123456789012345678901234567890,\"flags\":[true,false,null,\"s\",1e308]"));
        assertThat(request.extensions().get("logit_bias")).isEqualTo(Map.of("50256", -100, "7", 2.5));
        assertThat(request.extensions().get("n")).isEqualTo(2);
        assertThat(request.extensions().get("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(request.extensions().get("flags")).isEqualTo(java.util.Arrays.asList(true, false, null, "s", 1e308));

        GatewayException error = rejected(withMessages(",\"logit_bias\":{\"50256\":1e400}"));
        assertThat(error.param()).isEqualTo("logit_bias.50256");
        assertThat(error.getMessage()).contains("finite").contains("1e400");
        assertThat(rejected(withMessages(",\"tools\":[{\"x\":-1e999}]")).param()).isEqualTo("tools[0].x");
    }

    @Test
    public void theCountOfChoicesMustBeAPositiveInteger() throws IOException {
        assertThat(read(withMessages(",\"n\":3")).extensions()).containsEntry("n", 3);
        assertThat(rejected(withMessages(",\"n\":0")).param()).isEqualTo("n");
        assertThat(rejected(withMessages(",\"n\":\"4\"")).param()).isEqualTo("n");
        assertThat(rejected(withMessages(",\"n\":1.5")).param()).isEqualTo("n");
    }
}
