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
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener.StreamSummary;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/** {@code /v1/messages}: Anthropic's format in, the gateway's records through, Anthropic's format out. */
public class MessagesServletTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL_TURN = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100,"
            + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],"
            + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":{\"type\":\"object\"}}],"
            + "\"tool_choice\":{\"type\":\"any\"},\"stop_sequences\":[\"END\"],"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Paris?\"},"
            + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
            + "\"input\":{\"city\":\"Paris\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"18C\"}]}]}";

    @Rule
    public final TestServer server = new TestServer();

    private HttpResponse<String> post(String path, String body, String header, String value) throws Exception {
        HttpRequest.Builder request = server.request(path).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return server.send(request.build());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post("/v1/messages", body, "x-api-key", TestServer.GOOD_KEY);
    }

    private static ChatOutcome outcome(ChatMessage message, String finish) {
        return new ChatOutcome(new ChatResponse("chatcmpl-9", "claude-haiku-4-5", 1700000000,
                List.of(new ChatChoice(0, message, finish)), new Usage(12, 5)), "anthropic", "anthropic", false,
                BigDecimal.ZERO, 1000, 1);
    }

    @Test
    public void anthropicRequestBecomesAChatRequestAndTheAnswerAMessage() throws Exception {
        Map<String, Object> call = Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Lyon\"}"));
        server.gateway.chat = request -> CompletableFuture.completedFuture(outcome(new ChatMessage("assistant",
                "Checking.", null, Map.of("tool_calls", List.of(call))), "tool_calls"));
        HttpResponse<String> response = post(TOOL_TURN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.at("/content/0/text").asText()).isEqualTo("Checking.");
        assertThat(message.at("/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(message.at("/content/1/input/city").asText()).isEqualTo("Lyon");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(12);
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(5);

        ChatRequest sent = server.gateway.lastRequest;
        assertThat(sent.model()).isEqualTo("claude-haiku-4-5");
        assertThat(sent.maxTokens()).isEqualTo(100);
        assertThat(sent.stop()).containsExactly("END");
        assertThat(sent.messages()).extracting(ChatMessage::role).containsExactly("system", "user", "assistant", "tool");
        assertThat(sent.messages().get(0).content()).isEqualTo("Be brief.");
        assertThat(sent.messages().get(1).extensions().get("content").toString()).contains("data:image/png;base64,iVBO");
        assertThat(sent.messages().get(2).extensions().get("tool_calls").toString()).contains("{\"city\":\"Paris\"}");
        assertThat(sent.messages().get(3).extensions()).containsEntry("tool_call_id", "toolu_1");
        assertThat(sent.messages().get(3).content()).isEqualTo("18C");
        assertThat(sent.extensions().get("tool_choice")).isEqualTo("required");
        assertThat(sent.extensions().get("tools").toString()).contains("parameters");
    }

    @Test
    public void streamsAnthropicEventsWithTextAndToolUseBlocks() throws Exception {
        server.gateway.stream = (request, listener) -> {
            listener.onStart("anthropic", "anthropic");
            listener.onChunk(new ChatChunk("chatcmpl-9", "m", 0, "assistant", null, null, null));
            listener.onChunk(ChatChunk.content("chatcmpl-9", "m", "Hel"));
            listener.onChunk(ChatChunk.content("chatcmpl-9", "m", "lo"));
            listener.onChunk(new ChatChunk("chatcmpl-9", "m", 0, null, null, null, null, Map.of("tool_calls",
                    List.of(Map.of("index", 0, "id", "call_1", "type", "function",
                            "function", Map.of("name", "get_weather", "arguments", ""))))));
            listener.onChunk(new ChatChunk("chatcmpl-9", "m", 0, null, null, null, null, Map.of("tool_calls",
                    List.of(Map.of("index", 0, "function", Map.of("arguments", "{\"city\":"))))));
            listener.onChunk(new ChatChunk("chatcmpl-9", "m", 0, null, null, "tool_calls", null));
            listener.onComplete(new StreamSummary(new Usage(9, 4), BigDecimal.ZERO, 1000));
            return () -> { };
        };
        HttpResponse<String> response = post(TOOL_TURN.replace("\"max_tokens\":100,", "\"max_tokens\":100,\"stream\":true,"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(server.gateway.lastRequest.includeUsage()).isTrue();
        List<String> types = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            String[] lines = block.split("\n");
            assertThat(lines[0]).startsWith("event: ");
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            assertThat(data.get("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
            types.add(data.get("type").asText());
            events.add(data);
        }
        assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(events.get(0).at("/message/id").asText()).isEqualTo("chatcmpl-9");
        assertThat(events.get(2).at("/delta/text").asText()).isEqualTo("Hel");
        assertThat(events.get(5).at("/index").asInt()).isEqualTo(1);
        assertThat(events.get(5).at("/content_block/name").asText()).isEqualTo("get_weather");
        assertThat(events.get(6).at("/delta/type").asText()).isEqualTo("input_json_delta");
        assertThat(events.get(6).at("/delta/partial_json").asText()).isEqualTo("{\"city\":");
        assertThat(events.get(8).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(events.get(8).at("/usage/output_tokens").asInt()).isEqualTo(4);
        assertThat(events.get(8).at("/usage/input_tokens").asInt()).isEqualTo(9);
    }

    @Test
    public void aFailureMidStreamIsAnAnthropicErrorEvent() throws Exception {
        server.gateway.stream = (request, listener) -> {
            listener.onChunk(ChatChunk.content("chatcmpl-9", "m", "Hel"));
            listener.onError(new GatewayException(503, "api_error", "unavailable", null, "Upstream failed", null));
            return () -> { };
        };
        HttpResponse<String> response = post("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.body()).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                + "\"overloaded_error\",\"message\":\"Upstream failed\"}}");
    }

    @Test
    public void errorsUseAnthropicsShape() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(
                new GatewayException(429, "rate_limit_error", "rate_limited", null, "Slow down", Duration.ofSeconds(3)));
        HttpResponse<String> limited = post("{\"model\":\"m\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("3");
        assertThat(JSON.readTree(limited.body())).isEqualTo(JSON.readTree(
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}"));

        HttpResponse<String> bad = post("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(JSON.readTree(bad.body()).get("type").asText()).isEqualTo("error");

        HttpResponse<String> malformed = post("{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    public void keysComeInXApiKeyOrAsBearerAndAMissingOneIsAnAuthenticationError() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(
                outcome(ChatMessage.of("assistant", "ok"), "stop"));
        String body = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(post("/v1/messages", body, "Authorization", "Bearer " + TestServer.GOOD_KEY).statusCode())
                .isEqualTo(200);
        HttpResponse<String> missing = post("/v1/messages", body, null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(missing.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        HttpResponse<String> wrong = post("/v1/messages", body, "x-api-key", "sk-wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("sk-wrong");
    }

    @Test
    public void countTokensEstimatesWithoutCallingAProvider() throws Exception {
        HttpResponse<String> response = post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + "a".repeat(400) + "\"}]}", "x-api-key", TestServer.GOOD_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("input_tokens").asInt()).isEqualTo(100);
        assertThat(response.headers().firstValue("x-switchboard-token-count")).contains("estimate");
        assertThat(server.gateway.lastRequest).isNull();
    }
}
