package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.StreamListener.StreamSummary;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/**
 * Extended thinking through {@code /v1/messages}: the request's {@code thinking} and earlier signed thinking blocks
 * reach the provider; {@code reasoning_content} / {@code thinking_blocks} come back as thinking blocks (plain) and
 * as {@code thinking_delta} / {@code signature_delta} events (streamed); usage splits off the prompt-cache tokens.
 */
public class MessagesThinkingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THINKING_TURN = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16000,"
            + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Use the tool.\","
            + "\"signature\":\"sig-1\"},{\"type\":\"redacted_thinking\",\"data\":\"opaque\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"w\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"sun\"}]}]}";

    @Rule
    public final TestServer server = new TestServer();

    private HttpResponse<String> post(String body) throws Exception {
        return server.send(server.request("/v1/messages").header("Content-Type", "application/json")
                .header("x-api-key", TestServer.GOOD_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    public void thinkingGoesUpstreamAndComesBackAsSignedBlocksWithTheCacheSplit() throws Exception {
        ChatMessage answer = new ChatMessage("assistant", "Sunny.", null, Map.of(
                "reasoning_content", "It said sun.",
                "thinking_blocks", List.of(Map.of("type", "thinking", "thinking", "It said sun.", "signature", "sig-2"))));
        server.gateway.chat = request -> CompletableFuture.completedFuture(new ChatOutcome(new ChatResponse("msg_1",
                "claude-sonnet-4-5", 1, List.of(new ChatChoice(0, answer, "stop")),
                new Usage(400, 50, 300, 80, 30, Map.of())), "anthropic", "anthropic", false, BigDecimal.ZERO, 1, 1));

        HttpResponse<String> response = post(THINKING_TURN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(message.at("/content/0/thinking").asText()).isEqualTo("It said sun.");
        assertThat(message.at("/content/0/signature").asText()).isEqualTo("sig-2");
        assertThat(message.at("/content/1/text").asText()).isEqualTo("Sunny.");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(20);
        assertThat(message.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(300);
        assertThat(message.at("/usage/cache_creation_input_tokens").asInt()).isEqualTo(80);

        ChatRequest sent = server.gateway.lastRequest;
        assertThat(sent.extensions().get("thinking")).isEqualTo(Map.of("type", "enabled", "budget_tokens", 10000));
        ChatMessage assistant = sent.messages().get(1);
        assertThat(assistant.extensions().get("thinking_blocks")).isEqualTo(List.of(
                Map.of("type", "thinking", "thinking", "Use the tool.", "signature", "sig-1"),
                Map.of("type", "redacted_thinking", "data", "opaque")));
        assertThat(assistant.extensions().get("reasoning_content")).isEqualTo("Use the tool.");
    }

    @Test
    public void streamedReasoningBecomesAThinkingBlockWithItsSignatureBeforeTheText() throws Exception {
        server.gateway.stream = (request, listener) -> {
            listener.onStart("anthropic", "anthropic");
            listener.onChunk(new ChatChunk("c", "m", 0, "assistant", null, null, null));
            listener.onChunk(new ChatChunk("c", "m", 0, null, null, null, null, Map.of("reasoning_content", "Hmm, ")));
            listener.onChunk(new ChatChunk("c", "m", 0, null, null, null, null, Map.of("reasoning_content", "sun.")));
            listener.onChunk(new ChatChunk("c", "m", 0, null, null, null, null, Map.of("thinking_blocks",
                    List.of(Map.of("type", "thinking", "thinking", "", "signature", "sig-3")))));
            listener.onChunk(ChatChunk.content("c", "m", "Sunny."));
            listener.onChunk(new ChatChunk("c", "m", 0, null, null, "stop", null));
            listener.onComplete(new StreamSummary(new Usage(9, 4), BigDecimal.ZERO, 1000));
            return () -> { };
        };
        HttpResponse<String> response = post(THINKING_TURN.replace("\"max_tokens\":16000,",
                "\"max_tokens\":16000,\"stream\":true,"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            events.add(JSON.readTree(block.split("\n")[1].substring("data: ".length())));
        }
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events.get(1).at("/content_block/type").asText()).isEqualTo("thinking");
        assertThat(events.get(2).at("/delta/type").asText()).isEqualTo("thinking_delta");
        assertThat(events.get(2).at("/delta/thinking").asText()).isEqualTo("Hmm, ");
        assertThat(events.get(4).at("/delta/type").asText()).isEqualTo("signature_delta");
        assertThat(events.get(4).at("/delta/signature").asText()).isEqualTo("sig-3");
        assertThat(events.get(6).at("/index").asInt()).isEqualTo(1);
        assertThat(events.get(7).at("/delta/text").asText()).isEqualTo("Sunny.");
    }
}
