package dev.switchboard.provider.openai.internal;

import dev.switchboard.support.openai.OpenAiWire;
import dev.switchboard.support.openai.OpenAiMapping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import static org.assertj.core.groups.Tuple.tuple;
import dev.switchboard.support.json.JsonValues;

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
    public void anthropicsThinkingFromMessagesIsDroppedAndReasoningEffortPassed() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("thinking", Map.of("type", "enabled", "budget_tokens", 2048));
        extensions.put("reasoning_effort", "low");
        ChatRequest request = new ChatRequest("o4-mini", List.of(ChatMessage.of("user", "Hi")), null, null, null,
                null, null, false, false, null, extensions);

        // OpenAI answers an unknown "thinking" with a 400
        assertThat(json(OpenAiMapping.requestBody(request, "o4-mini", true))).isEqualTo("{\"model\":\"o4-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"reasoning_effort\":\"low\"}");
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
        ChatResponse response = OpenAiMapping.toResponse(OpenAiWire.readCompletion(WireSamples.bytes("chat-completion.json")));

        assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(response.createdEpochSeconds()).isEqualTo(1741569952L);
        assertThat(response.firstContent()).isEqualTo("Hello! How can I assist you today?");
        assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(response.choices().get(0).message().role()).isEqualTo("assistant");
        assertThat(response.choices().get(0).message().extensions()).containsOnlyKeys("refusal", "annotations");
        assertThat(response.choices().get(0).extensions()).containsOnlyKeys("logprobs");
        assertThat(response.extensions()).containsOnlyKeys("service_tier");
        assertThat(response.usage().promptTokens()).isEqualTo(19);
        assertThat(response.usage().completionTokens()).isEqualTo(10);
        assertThat(response.usage().cachedPromptTokens()).isZero();
    }

    @Test
    public void keepsToolCallsOfACompletion() throws Exception {
        ChatResponse response = OpenAiMapping.toResponse(
                OpenAiWire.readCompletion(WireSamples.bytes("chat-completion-tool-call.json")));

        ChatMessage message = response.choices().get(0).message();
        assertThat(message.content()).isNull();
        assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>) message.extensions().get("tool_calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsEntry("id", "call_abc123");
        assertThat(calls.get(0).get("function")).isEqualTo(Map.of("name", "get_current_weather",
                "arguments", "{\n\"location\": \"Boston, MA\"\n}"));
        assertThat(response.usage().totalTokens()).isEqualTo(99);
    }

    @Test
    public void mapsTheStreamChunkByChunk() throws Exception {
        List<ChatChunk> chunks = new ArrayList<>();
        List<String> events = WireSamples.events("chat-stream.sse");
        for (String data : events.subList(0, events.size() - 1)) {
            OpenAiMapping.toChunks(OpenAiWire.readChunk(data), chunks::add);
        }

        assertThat(chunks).extracting(ChatChunk::id, ChatChunk::model, ChatChunk::role, ChatChunk::content,
                ChatChunk::finishReason).containsExactly(
                tuple("chatcmpl-123", "gpt-4o-mini", "assistant", "", null),
                tuple("chatcmpl-123", "gpt-4o-mini", null, "Hello", null),
                tuple("chatcmpl-123", "gpt-4o-mini", null, "!", null),
                tuple("chatcmpl-123", "gpt-4o-mini", null, " How can I help?", null),
                tuple("chatcmpl-123", "gpt-4o-mini", null, null, "stop"),
                tuple("chatcmpl-123", "gpt-4o-mini", null, null, null));
        assertThat(chunks.get(5).isUsageOnly()).isTrue();
        assertThat(chunks.get(5).usage().totalTokens()).isEqualTo(15);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.chunkExtensions()).containsExactly(Map.entry("system_fingerprint", "fp_44709d6fcb"));
            assertThat(chunk.createdEpochSeconds()).isEqualTo(1694268190L);
        });
        assertThat(chunks.get(0).extensions()).containsOnlyKeys("refusal");
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

    // ---- every field of OpenAI's documented chat.completion and chat.completion.chunk objects ----

    @Test
    public void keepsEveryFieldOfACompletionAtEveryLevel() throws Exception {
        ChatResponse response = OpenAiMapping.toResponse(
                OpenAiWire.readCompletion(WireSamples.bytes("chat-completion-all-fields.json")));

        assertThat(response.id()).isEqualTo("chatcmpl-CBfields0000000000000000001");
        assertThat(response.model()).isEqualTo("gpt-4o-audio-preview-2025-06-03");
        assertThat(response.extensions()).containsOnlyKeys("service_tier", "system_fingerprint",
                "x_future_top_level_field");
        assertThat(response.extensions()).containsEntry("system_fingerprint", "fp_b1442291a8")
                .containsEntry("service_tier", "default");
        assertThat(json(response.extensions().get("x_future_top_level_field"))).isEqualTo("[null,{\"nested\":\"kept\"}]");

        ChatChoice first = response.choices().get(0);
        assertThat(first.extensions()).containsOnlyKeys("logprobs", "x_future_choice_field");
        assertThat(json(first.extensions().get("logprobs"))).isEqualTo("{\"content\":[{\"token\":\"Paris\","
                + "\"logprob\":-0.0009,\"bytes\":[80,97,114,105,115],\"top_logprobs\":[{\"token\":\"Paris\","
                + "\"logprob\":-0.0009,\"bytes\":[80,97,114,105,115]},{\"token\":\"The\",\"logprob\":-0.00725,"
                + "\"bytes\":[84,104,101]}]}],\"refusal\":null}");
        assertThat(json(first.extensions().get("x_future_choice_field"))).isEqualTo("1.50");
        ChatMessage message = first.message();
        assertThat(message.content()).isEqualTo("Paris is the capital of France [1].");
        assertThat(message.extensions()).containsOnlyKeys("refusal", "annotations", "audio", "tool_calls",
                "function_call", "x_future_message_field");
        assertThat(message.extensions().get("refusal")).isNull();
        assertThat(json(message.extensions().get("audio"))).contains("\"expires_at\":1756319257",
                "\"transcript\":\"Paris is the capital of France.\"");
        assertThat(json(message.extensions().get("annotations"))).contains("\"url_citation\":{\"start_index\":31");

        ChatChoice refused = response.choices().get(1);
        assertThat(refused.index()).isEqualTo(1);
        assertThat(refused.finishReason()).isEqualTo("content_filter");
        assertThat(refused.message().extensions()).containsEntry("refusal", "I can't help with that.");
        assertThat(refused.extensions()).containsEntry("logprobs", null);

        Usage usage = response.usage();
        assertThat(usage.promptTokens()).isEqualTo(2006);
        assertThat(usage.completionTokens()).isEqualTo(300);
        assertThat(usage.cachedPromptTokens()).isEqualTo(1920);
        assertThat(usage.reasoningTokens()).isEqualTo(192);
        assertThat(usage.cacheWriteTokens()).isZero();
        assertThat(json(usage.extensions())).isEqualTo("{\"prompt_tokens_details\":{\"cached_tokens\":1920,"
                + "\"audio_tokens\":12},\"completion_tokens_details\":{\"reasoning_tokens\":192,\"audio_tokens\":40,"
                + "\"accepted_prediction_tokens\":3,\"rejected_prediction_tokens\":1},\"x_future_usage_field\":\"kept\"}");
    }

    @Test
    public void keepsEveryFieldOfAStreamAtEveryLevel() throws Exception {
        List<ChatChunk> chunks = new ArrayList<>();
        List<String> events = WireSamples.events("chat-stream-all-fields.sse");
        for (String data : events.subList(0, events.size() - 1)) {
            OpenAiMapping.toChunks(OpenAiWire.readChunk(data), chunks::add);
        }

        assertThat(chunks).hasSize(7);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.id()).isEqualTo("chatcmpl-CBstream000000000000000001");
            assertThat(chunk.model()).isEqualTo("gpt-4o-2024-08-06");
            assertThat(chunk.createdEpochSeconds()).isEqualTo(1756315700L);
            assertThat(chunk.chunkExtensions()).containsEntry("service_tier", "default")
                    .containsEntry("system_fingerprint", "fp_f33640a400");
        });
        assertThat(chunks.get(0).chunkExtensions()).containsEntry("obfuscation", "5TuL3");
        Map<String, Object> firstDelta = new LinkedHashMap<>();
        firstDelta.put("refusal", null);
        firstDelta.put("annotations", List.of());
        assertThat(chunks.get(0).extensions()).isEqualTo(firstDelta);
        assertThat(chunks.get(0).choiceExtensions()).containsEntry("logprobs", null);
        assertThat(json(chunks.get(1).choiceExtensions().get("logprobs"))).startsWith("{\"content\":[{\"token\":\"Paris\"");
        assertThat(json(chunks.get(2).extensions())).isEqualTo("{\"tool_calls\":[{\"index\":0,\"id\":\"call_Kq1vU0t9mXy2\","
                + "\"type\":\"function\",\"function\":{\"name\":\"lookup_capital\",\"arguments\":\"\"}}]}");
        assertThat(json(chunks.get(3).extensions())).isEqualTo("{\"audio\":{\"id\":\"audio_68af2b1c\",\"transcript\":\"Paris\"},"
                + "\"x_future_delta_field\":true}");
        assertThat(chunks.get(3).choiceExtensions()).containsEntry("x_future_choice_field", "kept");
        assertThat(chunks.get(4).choiceIndex()).isEqualTo(1);
        assertThat(chunks.get(4).extensions()).containsEntry("refusal", "I can't help with that.");
        assertThat(chunks.get(4).finishReason()).isEqualTo("content_filter");
        ChatChunk usageChunk = chunks.get(6);
        assertThat(usageChunk.isUsageOnly()).isTrue();
        assertThat(usageChunk.chunkExtensions()).containsKey("x_future_top_level_field");
        assertThat(usageChunk.usage().cachedPromptTokens()).isEqualTo(1920);
        assertThat(usageChunk.usage().reasoningTokens()).isEqualTo(192);
        assertThat(usageChunk.usage().extensions()).containsOnlyKeys("prompt_tokens_details", "completion_tokens_details");
    }

    @Test
    public void aChoiceWithOnlyLogprobsNullIsNoChunk() throws Exception {
        String data = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
                + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":null}]}";
        List<ChatChunk> chunks = new ArrayList<>();

        OpenAiMapping.toChunks(OpenAiWire.readChunk(data), chunks::add);

        assertThat(chunks).isEmpty();
    }

    private static String json(Object value) throws java.io.IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            JsonValues.write(g, value);
        }
        return out.toString();
    }
}
