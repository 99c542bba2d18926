package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Gemini's thought summaries ({@code "thought": true} parts, asked for with {@code includeThoughts}) carried as
 * OpenAI-compatible gateways carry reasoning: {@code reasoning_content} on the message and on the streamed delta.
 */
public class GeminiThoughtsTest {

    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
            + "{\"text\":\"**Weighing options** I compare the two.\",\"thought\":true},"
            + "{\"text\":\"Take the train.\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":20,"
            + "\"totalTokenCount\":29},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}";

    @Test
    public void thoughtPartsBecomeReasoningContentAndStayOutOfTheText() throws Exception {
        ChatResponse response = GeminiMapping.toResponse(GeminiWire.readResponse(ANSWER), "gemini-2.5-flash");
        ChatMessage message = response.choices().get(0).message();
        assertThat(message.content()).isEqualTo("Take the train.");
        assertThat(message.extensions()).containsEntry("reasoning_content", "**Weighing options** I compare the two.");
        assertThat(response.usage().reasoningTokens()).isEqualTo(20);
    }

    @Test
    public void streamedThoughtsArriveAsReasoningDeltasBeforeTheText() throws Exception {
        GeminiMapping.StreamState state = new GeminiMapping.StreamState("gemini-2.5-flash");
        List<ChatChunk> chunks = new ArrayList<>();
        GeminiMapping.toChunks(GeminiWire.readResponse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
                + "[{\"text\":\"Thinking about trains.\",\"thought\":true}]},\"index\":0}],\"responseId\":\"r2\"}"),
                state, chunks::add);
        GeminiMapping.toChunks(GeminiWire.readResponse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
                + "[{\"text\":\"Take the train.\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"responseId\":\"r2\"}"),
                state, chunks::add);
        assertThat(chunks.get(0).extensions()).isEqualTo(Map.of("reasoning_content", "Thinking about trains."));
        assertThat(chunks.get(0).role()).isEqualTo(ChatMessage.ASSISTANT);
        assertThat(chunks.get(0).content()).isNull();
        assertThat(chunks.get(1).content()).isEqualTo("Take the train.");
        assertThat(chunks.get(2).finishReason()).isEqualTo("stop");
    }

    @Test
    public void anthropicsThinkingSwitchSetsTheBudgetAndAsksForThoughts() {
        String body = new String(GeminiMapping.requestBody(ChatRequest.builder("gemini-2.5-flash",
                List.of(ChatMessage.of("user", "Hi"))).extensions(Map.of("thinking",
                Map.of("type", "enabled", "budget_tokens", 5000))).build()), StandardCharsets.UTF_8);
        assertThat(body).contains("\"thinkingConfig\":{\"thinkingBudget\":5000,\"includeThoughts\":true}");
        assertThat(body).doesNotContain("budget_tokens");
    }
}
