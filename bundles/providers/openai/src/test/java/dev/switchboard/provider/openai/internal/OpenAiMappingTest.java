package dev.switchboard.provider.openai.internal;

import dev.switchboard.support.openai.OpenAiWire;
import dev.switchboard.support.openai.OpenAiMapping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OpenAiMappingTest {

    @Test
    public void writesOnlyWhatTheClientSent() {
        ChatRequest request = new ChatRequest("gpt-4o-mini", List.of(ChatMessage.of("user", "Hi")), null, null, null,
                null, null, false, false, null, null);

        assertThat(json(OpenAiMapping.requestBody(request, false)))
                .isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    @Test
    public void writesTypedFieldsUnderOpenAiNames() {
        ChatRequest request = new ChatRequest("o4-mini", List.of(ChatMessage.of("developer", "Be brief."),
                ChatMessage.of("user", "Hi")), 0.5, 0.9, 256, List.of("\n\n"), 42L, false, false, "user-1", null);

        assertThat(json(OpenAiMapping.requestBody(request, false))).isEqualTo("{\"model\":\"o4-mini\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"temperature\":0.5,\"top_p\":0.9,\"max_completion_tokens\":256,\"stop\":[\"\\n\\n\"],\"seed\":42,"
                + "\"user\":\"user-1\"}");
    }

    @Test
    public void aStreamAlwaysAsksForUsage() {
        ChatRequest request = new ChatRequest("gpt-4o", List.of(ChatMessage.of("user", "Hi")), null, null, null, null,
                null, true, false, null, Map.of("stream_options", Map.of("include_usage", false), "stream", false));

        assertThat(json(OpenAiMapping.requestBody(request, true))).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    public void passesExtensionsThroughInOrderWithoutDuplicatingTypedFields() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", Map.of("name", "get_weather"));
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("tools", List.of(tool));
        extensions.put("tool_choice", "auto");
        extensions.put("response_format", Map.of("type", "json_object"));
        extensions.put("n", 2);
        extensions.put("logit_bias", null);
        extensions.put("max_tokens", 10);
        extensions.put("temperature", 1.5);
        extensions.put("model", "other");
        ChatRequest request = new ChatRequest("gpt-4o", List.of(ChatMessage.of("user", "Hi")), 0.2, null, 100, null,
                null, false, false, null, extensions);

        assertThat(json(OpenAiMapping.requestBody(request, false))).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.2,\"max_completion_tokens\":100,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],\"tool_choice\":\"auto\","
                + "\"response_format\":{\"type\":\"json_object\"},\"n\":2,\"logit_bias\":null}");
    }

    @Test
    public void writesMessageExtensionsAndContentParts() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", "call_1");
        call.put("type", "function");
        call.put("function", Map.of("name", "f"));
        ChatMessage assistant = new ChatMessage("assistant", null, null, Map.of("tool_calls", List.of(call)));
        ChatMessage tool = new ChatMessage("tool", "sunny", null, Map.of("tool_call_id", "call_1"));
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("type", "image_url");
        image.put("image_url", Map.of("url", "data:image/png;base64,AAAA"));
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("type", "text");
        text.put("text", "What is this?");
        List<Object> parts = List.of(text, image);
        ChatMessage user = new ChatMessage("user", "What is this?", "alice", Map.of("content", parts));
        ChatRequest request = new ChatRequest("gpt-4o", List.of(user, assistant, tool), null, null, null, null, null,
                false, false, null, null);

        String body = json(OpenAiMapping.requestBody(request, false));

        assertThat(body).contains("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}],\"name\":\"alice\"}");
        assertThat(body).contains("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":");
        assertThat(body).contains("{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"call_1\"}");
    }

    @Test
    public void mapsACompletion() throws Exception {
        ChatResponse response = OpenAiMapping.toResponse(OpenAiWire.readCompletion(Fixtures.bytes("chat-completion.json")));

        assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(response.createdEpochSeconds()).isEqualTo(1741569952L);
        assertThat(response.firstContent()).isEqualTo("Hello! How can I assist you today?");
        assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(response.choices().get(0).message().role()).isEqualTo("assistant");
        assertThat(response.choices().get(0).message().extensions()).containsOnlyKeys("annotations");
        assertThat(response.usage()).isEqualTo(new Usage(19, 10));
    }

    @Test
    public void keepsToolCallsOfACompletion() throws Exception {
        ChatResponse response = OpenAiMapping.toResponse(
                OpenAiWire.readCompletion(Fixtures.bytes("chat-completion-tool-call.json")));

        ChatMessage message = response.choices().get(0).message();
        assertThat(message.content()).isNull();
        assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>) message.extensions().get("tool_calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsEntry("id", "call_abc123");
        assertThat(calls.get(0).get("function")).isEqualTo(Map.of("name", "get_current_weather",
                "arguments", "{\n\"location\": \"Boston, MA\"\n}"));
        assertThat(response.usage()).isEqualTo(new Usage(82, 17));
    }

    @Test
    public void mapsTheStreamChunkByChunk() throws Exception {
        List<ChatChunk> chunks = new ArrayList<>();
        List<String> events = Fixtures.events("chat-stream.sse");
        for (String data : events.subList(0, events.size() - 1)) {
            OpenAiMapping.toChunks(OpenAiWire.readChunk(data), chunks::add);
        }

        assertThat(chunks).containsExactly(
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, "assistant", "", null, null),
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, null, "Hello", null, null),
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, null, "!", null, null),
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, null, " How can I help?", null, null),
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, null, null, "stop", null),
                new ChatChunk("chatcmpl-123", "gpt-4o-mini", 0, null, null, null, new Usage(9, 6)));
        assertThat(chunks.get(5).isUsageOnly()).isTrue();
    }

    @Test
    public void mapsEveryChoiceOfAChunkWithStreamedToolCallsAsExtensions() throws Exception {
        String data = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
                + "{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null},"
                + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]},\"finish_reason\":null},"
                + "{\"index\":2,\"delta\":{},\"finish_reason\":null}]}";
        List<ChatChunk> chunks = new ArrayList<>();

        OpenAiMapping.toChunks(OpenAiWire.readChunk(data), chunks::add);

        assertThat(chunks).extracting(ChatChunk::choiceIndex, ChatChunk::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "a"), org.assertj.core.groups.Tuple.tuple(1, "b"),
                        org.assertj.core.groups.Tuple.tuple(0, null));
        assertThat(chunks.get(2).extensions()).containsOnlyKeys("tool_calls");
        assertThat(chunks.get(2).extensions().get("tool_calls"))
                .isEqualTo(List.of(Map.of("index", 0, "function", Map.of("arguments", "{"))));
        assertThat(chunks.get(2).isUsageOnly()).isFalse();
    }

    private static String json(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
