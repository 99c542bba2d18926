package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.api.StreamListener.StreamSummary;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/**
 * One id per request: the {@code x-request-id} a client gets is the id the gateway was handed, the one core books
 * the request under (ledger row, logs), for answers, streams and core's errors alike; a request refused before core
 * has an id of the same shape; a client's own {@code x-request-id} is never taken.
 */
public class RequestIdTest {

    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ID = "req_[0-9a-f]{24}";

    @Rule
    public final TestServer server = new TestServer();

    private static ChatOutcome outcome() {
        ChatResponse response = new ChatResponse("chatcmpl-9", "gpt-4o", 1_700_000_000L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "Hello!"), "stop")), new Usage(9, 2));
        return new ChatOutcome(response, "openai-east", "openai", false, BigDecimal.ONE, 1_000_000, 1);
    }

    private static String header(HttpResponse<String> response) {
        return response.headers().firstValue(RequestId.HEADER).orElseThrow();
    }

    @Test
    public void aChatAnswerCarriesTheIdTheGatewayBookedItUnder() throws Exception {
        server.gateway.chat = request -> CompletableFuture.supplyAsync(RequestIdTest::outcome);

        HttpResponse<String> response = server.postChat(BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response)).matches(ID).isEqualTo(server.gateway.lastRequestId);
    }

    @Test
    public void aStreamedAnswerCarriesTheIdTheGatewayBookedItUnder() throws Exception {
        server.gateway.stream = (request, listener) -> {
            CompletableFuture.runAsync(() -> {
                listener.onStart("openai-east", "openai");
                listener.onChunk(ChatChunk.content("chatcmpl-7", "gpt-4o", "Hi"));
                listener.onComplete(new StreamSummary(new Usage(5, 2), BigDecimal.ONE, 1000));
            });
            return () -> { };
        };

        HttpResponse<String> response = server.postChat(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(header(response)).matches(ID).isEqualTo(server.gateway.lastRequestId);
    }

    @Test
    public void coresErrorsCarryTheIdOfTheRequestCoreSaw() throws Exception {
        server.gateway.chat = request -> {
            throw GatewayException.modelNotFound(request.model());
        };
        HttpResponse<String> notFound = server.postChat(BODY);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(header(notFound)).matches(ID).isEqualTo(server.gateway.lastRequestId);

        server.gateway.chat = request -> CompletableFuture.failedFuture(new GatewayException(429, "rate_limit_error",
                "rate_limit_exceeded", null, "slow down", Duration.ofSeconds(1)));
        HttpResponse<String> limited = server.postChat(BODY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(header(limited)).matches(ID).isEqualTo(server.gateway.lastRequestId)
                .isNotEqualTo(header(notFound));
    }

    @Test
    public void anEndpointBeyondChatCarriesTheIdTheGatewayBookedItUnder() throws Exception {
        server.gateway.endpoint = request -> CompletableFuture.completedFuture(new Outcome<>(
                new EmbeddingsResponse("emb-1", List.of(new float[] {1f}), new Usage(1, 0)), "inst-1", "fake",
                BigDecimal.ZERO, 1, 1));

        HttpResponse<String> response = server.send(server.authorized("/v1/embeddings")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"emb\",\"input\":\"a\"}")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response)).matches(ID).isEqualTo(server.gateway.lastRequestId);
    }

    @Test
    public void aClientsOwnRequestIdIsNeverTheKey() throws Exception {
        server.gateway.chat = request -> CompletableFuture.supplyAsync(RequestIdTest::outcome);

        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json").header("x-request-id", "req_000000000000000000000000")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.gateway.lastRequestId).matches(ID).isNotEqualTo("req_000000000000000000000000");
        assertThat(header(response)).isEqualTo(server.gateway.lastRequestId);
    }

    @Test
    public void aRequestRefusedBeforeCoreHasAnIdOfTheSameShape() throws Exception {
        HttpResponse<String> response = server.send(server.request("/v1/chat/completions")
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-wrong")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(header(response)).matches(ID);
        assertThat(server.gateway.lastRequestId).as("core never saw it").isNull();
    }
}
