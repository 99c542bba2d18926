package dev.switchboard.provider.anthropic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Extended thinking both ways: thinking blocks out as {@code reasoning_content} + {@code thinking_blocks} (with
 * signatures, as OpenAI-compatible gateways carry them), streamed {@code thinking_delta} / {@code signature_delta}
 * as delta fields, signed blocks sent back before the assistant's text and tool use, OpenAI's
 * {@code reasoning_effort} as a thinking budget; cache reads and writes as usage parts.
 */
public class AnthropicThinkingTest {

    private final List<String> notes = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(ChatRequest request) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(AnthropicMapping.requestBody(request, false, 1000, notes::add))) {
            p.nextToken();
            return (Map<String, Object>) JsonValues.read(p);
        }
    }

    @Test
    public void thinkingBlocksBecomeReasoningContentAndSignedThinkingBlocks() throws Exception {
        ChatResponse response = AnthropicMapping.toResponse(
                AnthropicWire.readMessage(WireSamples.bytes("message-thinking.json")), 1);
        ChatMessage message = response.choices().get(0).message();
        assertEquals("Based on my analysis...", message.content());
        assertEquals("To approach this, let me think about what I know.", message.extensions().get("reasoning_content"));
        assertEquals(List.of(
                Map.of("type", "thinking", "thinking", "To approach this, let me think about what I know.",
                        "signature", "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve"),
                Map.of("type", "redacted_thinking", "data", "EmwKAhgBEgy3va3pzix/LafPsn4a")),
                message.extensions().get("thinking_blocks"));
        Usage usage = response.usage();
        assertEquals(22, usage.promptTokens());
        assertEquals(7, usage.cachedPromptTokens());
        assertEquals(5, usage.cacheWriteTokens());
        assertEquals(10, usage.uncachedPromptTokens());
    }

    @Test
    public void streamedThinkingAndSignatureArriveAsDeltaFieldsEachAsItComes() throws Exception {
        AnthropicMapping.StreamState state = new AnthropicMapping.StreamState();
        List<ChatChunk> chunks = new ArrayList<>();
        for (String data : WireSamples.events("message-stream-thinking.sse")) {
            state.accept(AnthropicWire.readEvent(data), chunks::add);
        }
        assertEquals(ChatMessage.ASSISTANT, chunks.get(0).role());
        assertEquals("Let me solve this step by step:\n\n1. First break down 27 * 453",
                chunks.get(1).extensions().get("reasoning_content"));
        assertNull(chunks.get(1).content());
        assertEquals(List.of(Map.of("type", "thinking", "thinking", "",
                "signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")),
                chunks.get(2).extensions().get("thinking_blocks"));
        assertEquals("27 * 453 = 12,231", chunks.get(3).content());
        assertEquals("stop", chunks.get(4).finishReason());
        Usage usage = chunks.get(5).usage();
        assertEquals(420, usage.promptTokens());
        assertEquals(300, usage.cachedPromptTokens());
        assertEquals(100, usage.cacheWriteTokens());
        assertEquals(42, usage.completionTokens());
        assertEquals(6, chunks.size());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void signedThinkingBlocksGoBackFirstAndUnsignedReasoningIsNotSent() throws Exception {
        Map<String, Object> signed = Map.of("type", "thinking", "thinking", "t", "signature", "sig");
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, "Checking.", null, Map.of(
                "reasoning_content", "t",
                "thinking_blocks", List.of(signed, Map.of("type", "thinking", "thinking", "unsigned")),
                "tool_calls", List.of(Map.of("id", "toolu_1", "type", "function",
                        "function", Map.of("name", "get_weather", "arguments", "{}")))));
        Map<String, Object> body = body(ChatRequest.builder("m", List.of(ChatMessage.of("user", "Weather?"), assistant,
                new ChatMessage("tool", "sunny", null, Map.of("tool_call_id", "toolu_1")))).build());
        List<Map<String, Object>> content = (List<Map<String, Object>>) ((List<Map<String, Object>>) body.get("messages"))
                .get(1).get("content");
        assertEquals(signed, content.get(0));
        assertEquals("text", content.get(1).get("type"));
        assertEquals("tool_use", content.get(2).get("type"));
        assertEquals(3, content.size());
    }

    @Test
    public void reasoningEffortBecomesAThinkingBudgetAndSamplingIsDroppedWithANote() throws Exception {
        Map<String, Object> body = body(ChatRequest.builder("m", List.of(ChatMessage.of("user", "Hi")))
                .temperature(0.2).maxTokens(1500).extensions(Map.of("reasoning_effort", "medium")).build());
        assertEquals(Map.of("type", "enabled", "budget_tokens", 2048), body.get("thinking"));
        assertEquals(3048, ((Number) body.get("max_tokens")).intValue());
        assertNull(body.get("temperature"));
        assertNull(body.get("reasoning_effort"));
        assertTrue(notes.toString(), notes.stream().anyMatch(n -> n.startsWith("temperature/top_p dropped")));
    }

    @Test
    public void aClientsOwnThinkingPassesThroughOnce() throws Exception {
        Map<String, Object> thinking = Map.of("type", "enabled", "budget_tokens", 10000);
        Map<String, Object> body = body(ChatRequest.builder("m", List.of(ChatMessage.of("user", "Hi")))
                .maxTokens(16000).extensions(Map.of("thinking", thinking)).build());
        assertEquals(thinking, body.get("thinking"));
        assertEquals(16000, ((Number) body.get("max_tokens")).intValue());
    }

    @Test
    public void bedrockBodyHasTheBedrockVersionAndNoModelOrStream() throws Exception {
        byte[] json = AnthropicMapping.bedrockBody(ChatRequest.builder("anthropic.claude-3-haiku-20240307-v1:0",
                List.of(ChatMessage.of("user", "Hi"))).build(), 1000, notes::add);
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) JsonValues.read(p);
            assertEquals("bedrock-2023-05-31", body.get("anthropic_version"));
            assertNull(body.get("model"));
            assertNull(body.get("stream"));
        }
    }
}
