package dev.switchboard.provider.anthropic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.json.JsonValues;
import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Requests to the Messages API and its answers (fixtures from its reference) back, with no HTTP. */
public class AnthropicMappingTest {

    private final List<String> notes = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(ChatRequest request, boolean stream) throws IOException {
        byte[] json = AnthropicMapping.requestBody(request, stream, 1234, notes::add);
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            p.nextToken();
            return (Map<String, Object>) JsonValues.read(p);
        }
    }

    @Test
    public void systemMessagesBecomeSystemBlocksAndMaxTokensComesFromTheCatalog() throws Exception {
        Map<String, Object> body = body(ChatRequest.builder("claude-haiku-4-5", List.of(
                ChatMessage.of("system", "Be brief."), ChatMessage.of("user", "Hi"))).build(), false);
        assertEquals(1234, ((Number) body.get("max_tokens")).intValue());
        assertEquals(List.of(Map.of("type", "text", "text", "Be brief.")), body.get("system"));
        assertEquals(List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Hi")))),
                body.get("messages"));
        assertNull(body.get("stream"));
    }

    @Test
    public void temperatureAndTopPTogetherDropTopPWithANote() throws Exception {
        Map<String, Object> body = body(ChatRequest.builder("m", List.of(ChatMessage.of("user", "Hi")))
                .temperature(1.5).topP(0.9).seed(7L).maxTokens(50).build(), true);
        assertEquals(1.0, ((Number) body.get("temperature")).doubleValue(), 0);
        assertNull(body.get("top_p"));
        assertEquals(50, ((Number) body.get("max_tokens")).intValue());
        assertEquals(Boolean.TRUE, body.get("stream"));
        assertEquals(3, notes.size());
        assertTrue(notes.toString(), notes.stream().anyMatch(note -> note.startsWith("top_p dropped")));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void toolCallsAndToolResultsBecomeBlocksAndImagesBecomeSources() throws Exception {
        Map<String, Object> call = Map.of("id", "toolu_1", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"));
        List<Object> parts = List.of(Map.of("type", "text", "text", "What is this?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.jpg")));
        ChatRequest request = ChatRequest.builder("m", List.of(
                new ChatMessage("user", "What is this?", null, Map.of("content", parts)),
                new ChatMessage("assistant", null, null, Map.of("tool_calls", List.of(call))),
                new ChatMessage("tool", "18 degrees", null, Map.of("tool_call_id", "toolu_1"))))
                .extensions(Map.of("tools", List.of(Map.of("type", "function", "function", Map.of("name",
                        "get_weather", "description", "Weather", "parameters", Map.of("type", "object")))),
                        "tool_choice", "required", "parallel_tool_calls", false,
                        "response_format", Map.of("type", "json_schema", "json_schema",
                                Map.of("name", "w", "schema", Map.of("type", "object"))),
                        "logprobs", true))
                .build();
        Map<String, Object> body = body(request, false);
        List<Map<String, Object>> messages = (List<Map<String, Object>>) body.get("messages");
        assertEquals(3, messages.size());
        List<Object> user = (List<Object>) messages.get(0).get("content");
        assertEquals(Map.of("type", "image", "source", Map.of("type", "base64", "media_type", "image/png",
                "data", "iVBORw0KGgo=")), user.get(1));
        assertEquals(Map.of("type", "image", "source", Map.of("type", "url", "url", "https://example.com/cat.jpg")),
                user.get(2));
        assertEquals(List.of(Map.of("type", "tool_use", "id", "toolu_1", "name", "get_weather",
                "input", Map.of("location", "Paris"))), messages.get(1).get("content"));
        assertEquals("user", messages.get(2).get("role"));
        assertEquals(List.of(Map.of("type", "tool_result", "tool_use_id", "toolu_1", "content", "18 degrees")),
                messages.get(2).get("content"));
        assertEquals(List.of(Map.of("name", "get_weather", "description", "Weather",
                "input_schema", Map.of("type", "object"))), body.get("tools"));
        assertEquals(Map.of("type", "any", "disable_parallel_tool_use", true), body.get("tool_choice"));
        assertEquals(Map.of("format", Map.of("type", "json_schema", "schema", Map.of("type", "object"))),
                body.get("output_config"));
        assertNull(body.get("logprobs"));
        assertTrue(notes.toString(), notes.get(0).startsWith("logprobs dropped"));
    }

    @Test
    public void aToolUseMessageBecomesToolCallsWithCacheTokensInThePrompt() throws Exception {
        ChatResponse response = AnthropicMapping.toResponse(
                AnthropicWire.readMessage(WireSamples.bytes("message-tool-use.json")), 1700000000);
        assertEquals("msg_01Aq9w938a90dw8q", response.id());
        assertEquals("tool_calls", response.choices().get(0).finishReason());
        assertEquals("I'll check the weather.", response.firstContent());
        assertEquals(List.of(Map.of("id", "toolu_01A09q90qw90lq917835lq9", "type", "function", "function",
                        Map.of("name", "get_weather", "arguments", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"))),
                response.choices().get(0).message().extensions().get("tool_calls"));
        assertEquals(1420, response.usage().promptTokens());
        assertEquals(55, response.usage().completionTokens());
    }

    @Test
    public void stopReasonsMapToFinishReasons() {
        assertEquals("stop", AnthropicMapping.finishReason("end_turn"));
        assertEquals("length", AnthropicMapping.finishReason("max_tokens"));
        assertEquals("tool_calls", AnthropicMapping.finishReason("tool_use"));
        assertEquals("stop", AnthropicMapping.finishReason("stop_sequence"));
        assertEquals("content_filter", AnthropicMapping.finishReason("refusal"));
    }

    @Test
    public void aStreamedToolUseBecomesStreamedToolCalls() throws Exception {
        AnthropicMapping.StreamState state = new AnthropicMapping.StreamState();
        List<ChatChunk> chunks = new ArrayList<>();
        boolean stopped = false;
        for (String data : WireSamples.events("message-stream-tool-use.sse")) {
            stopped = state.accept(AnthropicWire.readEvent(data), chunks::add);
        }
        assertTrue(stopped);
        assertEquals("assistant", chunks.get(0).role());
        assertEquals("Okay, let me check", chunks.get(1).content());
        assertEquals(List.of(Map.of("index", 0, "id", "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", ""))), chunks.get(2).extensions().get("tool_calls"));
        assertEquals(List.of(Map.of("index", 0, "function", Map.of("arguments", "{\"location\":"))),
                chunks.get(3).extensions().get("tool_calls"));
        assertEquals(List.of(Map.of("index", 0, "function", Map.of("arguments", " \"San Francisco, CA\"}"))),
                chunks.get(4).extensions().get("tool_calls"));
        assertEquals("tool_calls", chunks.get(5).finishReason());
        assertTrue(chunks.get(6).isUsageOnly());
        assertEquals(572, chunks.get(6).usage().promptTokens());
        assertEquals(89, chunks.get(6).usage().completionTokens());
        assertEquals(7, chunks.size());
    }

    @Test
    public void requestBodyIsUtf8Json() {
        byte[] json = AnthropicMapping.requestBody(ChatRequest.builder("m", List.of(ChatMessage.of("user", "é")))
                .build(), false, 1, notes::add);
        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"é\""));
    }
}
