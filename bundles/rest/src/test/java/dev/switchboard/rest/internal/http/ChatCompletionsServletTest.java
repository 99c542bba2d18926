package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.rest.internal.json.Json;
import dev.switchboard.rest.internal.json.OpenAiDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

public class ChatCompletionsServletTest {

    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Rule
    public final TestServer server = new TestServer(4096, 10_000, true);

    private static ChatOutcome outcome(boolean cached) {
        ChatResponse response = new ChatResponse("chatcmpl-9", "gpt-4o", 1_700_000_000L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "Hello!"), "stop")), new Usage(9, 2));
        return new ChatOutcome(response, "openai-east", "openai", cached, new BigDecimal("0.0000425"), 1_000_000, 1);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String code)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/json"));
        JsonNode error = json(response).get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("code").isNull() ? null : error.get("code").asText()).isEqualTo(code);
    }

    @Test
    public void answersWithAChatCompletionAndRoutingHeaders() throws Exception {
        server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> outcome(false));

        HttpResponse<String> response = server.postChat(BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).matches("req_[0-9a-f]{24}"));
        assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("openai-east");
        assertThat(response.headers().firstValue("x-switchboard-cache")).hasValue("miss");
        assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue("0.0000425");
        JsonNode json = json(response);
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Hello!");
        assertThat(json.at("/usage/total_tokens").asInt()).isEqualTo(11);
        assertThat(server.gateway.lastCaller).isEqualTo(TestServer.CALLER);
        assertThat(server.gateway.lastRequest.model()).isEqualTo("gpt-4o");
        assertThat(server.gateway.lastRequest.messages()).containsExactly(ChatMessage.of("user", "hi"));
    }

    @Test
    public void saysWhichModelAnsweredAndPassesThePinnedInstance() throws Exception {
        server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> outcome(false));

        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json").header("x-switchboard-instance", "openai-east")
                .header("x-switchboard-provider", "openai")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-model")).hasValue("gpt-4o");
        assertThat(response.headers().firstValue("x-switchboard-fallback")).isEmpty();
        assertThat(server.gateway.lastCaller.pinnedInstance()).isEqualTo("openai-east");
        assertThat(server.gateway.lastCaller.pinnedProvider()).isEqualTo("openai");
    }

    @Test
    public void theRequestContextHeadersReachTheCallerAndWithoutThemTheKeysCallerIsUsedAsIs() throws Exception {
        server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> outcome(false));

        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json").header("x-switchboard-user", "end-user-7")
                .header("x-switchboard-session", "sess-1").header("x-switchboard-tags", "eu, beta,,")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.gateway.lastCaller.user()).isEqualTo("end-user-7");
        assertThat(server.gateway.lastCaller.session()).isEqualTo("sess-1");
        assertThat(server.gateway.lastCaller.tags()).containsExactly("eu", "beta");
        assertThat(server.gateway.lastCaller.keyId()).isEqualTo(TestServer.CALLER.keyId());

        server.postChat(BODY);
        assertThat(server.gateway.lastCaller).isSameAs(TestServer.CALLER);
    }

    @Test
    public void aFallbackAnswerIsMarked() throws Exception {
        ChatResponse fallback = new ChatResponse("fallback-1", "smart", 1_700_000_000L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "Sorry."), "stop")), Usage.NONE,
                java.util.Map.of("switchboard_fallback", true));
        server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> new ChatOutcome(fallback,
                StreamListener.FALLBACK, StreamListener.FALLBACK, false, BigDecimal.ZERO, 1, 3));

        HttpResponse<String> response = server.postChat(BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-fallback")).hasValue("true");
        assertThat(json(response).get("switchboard_fallback").asBoolean()).isTrue();
        assertThat(json(response).at("/choices/0/message/content").asText()).isEqualTo("Sorry.");
    }

    @Test
    public void theClientGetsEveryFieldTheProviderAnsweredUnchanged() throws Exception {
        JsonNode upstream = OpenAiDocuments.completion();
        server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> new ChatOutcome(
                OpenAiDocuments.toResponse(upstream), "openai-east", "openai", false, BigDecimal.ONE, 1, 1));

        HttpResponse<String> response = server.postChat(BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(upstream);
    }

    @Test
    public void marksACacheHitWithItsLevel() throws Exception {
        ChatOutcome hit = outcome(true);
        server.gateway.chat = request -> CompletableFuture.completedFuture(new ChatOutcome(hit.response(), "cache",
                "cache", true, BigDecimal.ZERO, 1, 0, CacheStatus.HIT_L2));

        HttpResponse<String> response = server.postChat(BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-cache")).hasValue("hit-l2");
    }

    @Test
    public void refusesAMissingKey() throws Exception {
        HttpResponse<String> response = server.send(server.request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertError(response, 401, "invalid_request_error", "invalid_api_key");
        assertThat(server.gateway.lastRequest).isNull();
    }

    @Test
    public void refusesAWrongKeyWithoutEchoingIt() throws Exception {
        HttpResponse<String> response = server.send(server.request("/v1/chat/completions")
                .header("Authorization", "Bearer sk-wrong-secret-123")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertError(response, 401, "invalid_request_error", "invalid_api_key");
        assertThat(response.body()).doesNotContain("sk-wrong-secret-123");
        assertThat(response.headers().map().toString()).doesNotContain("sk-wrong-secret-123");
    }

    @Test
    public void refusesAnotherAuthorizationScheme() throws Exception {
        HttpResponse<String> response = server.send(server.request("/v1/chat/completions")
                .header("Authorization", "Basic " + TestServer.GOOD_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertError(response, 401, "invalid_request_error", "invalid_api_key");
    }

    @Test
    public void refusesMalformedJson() throws Exception {
        assertError(server.postChat("{\"model\":"), 400, "invalid_request_error", null);
    }

    /** Issue 8: {@code 1e400} parses as infinity; it was a 500 with a stack trace, it must be the client's 400. */
    @Test
    public void refusesNumbersBeyondADoubleWhereverTheyAre() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(outcome(false));
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(",\"logit_bias\":{\"50256\":1e400}", "logit_bias.50256");
        cases.put(",\"logit_bias\":{\"50256\":-1e999}", "logit_bias.50256");
        cases.put(",\"temperature\":1e400", "temperature");
        cases.put(",\"x_vendor\":{\"deep\":[1,{\"v\":-1e999}]}", "x_vendor.deep[1].v");
        cases.put(",\"cache\":true,\"response_format\":{\"schema\":{\"max\":1e309}}", "response_format.schema.max");
        for (var entry : cases.entrySet()) {
            String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                    + entry.getKey() + "}";
            HttpResponse<String> response = server.postChat(body);

            assertError(response, 400, "invalid_request_error", null);
            assertThat(json(response).at("/error/param").asText()).as(body).isEqualTo(entry.getValue());
        }
        HttpResponse<String> inParts = server.postChat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"x\",\"w\":1e400}]}]}");
        assertError(inParts, 400, "invalid_request_error", null);
        assertThat(json(inParts).at("/error/param").asText()).isEqualTo("messages[0].content[0].w");
        assertThat(server.gateway.lastRequest).isNull();
    }

    @Test
    public void namesTheInvalidParameter() throws Exception {
        HttpResponse<String> response = server.postChat("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}");

        assertError(response, 400, "invalid_request_error", null);
        assertThat(json(response).at("/error/param").asText()).isEqualTo("messages[0].role");
    }

    @Test
    public void refusesADeclaredLengthOverTheLimitBeforeReading() throws Exception {
        String big = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(5000) + "\",\"messages\":[]}";

        HttpResponse<String> response = server.postChat(big);

        assertError(response, 413, "invalid_request_error", "request_too_large");
    }

    @Test
    public void refusesAChunkedBodyThatGrowsOverTheLimit() throws Exception {
        byte[] big = ("{\"model\":\"m\",\"pad\":\"" + "x".repeat(5000) + "\",\"messages\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        // an InputStream publisher has no length, so the client sends the body chunked
        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());

        assertError(response, 413, "invalid_request_error", "request_too_large");
    }

    @Test
    public void aSlowClientSendingADeclaredBodyOverTheLimitReadsThe413() throws Exception {
        // refused on the declared length before the body came; without reading the rest first, the client's later
        // writes meet a reset that wipes the answer (as the admin API's CI flake showed)
        String answer = slowPost("Content-Length: 600000\r\n", 600_000, false);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
        assertThat(server.gateway.lastCaller).as("never reached core").isNull();
    }

    @Test
    public void aSlowClientSendingAChunkedBodyThatGrowsOverTheLimitReadsThe413() throws Exception {
        String answer = slowPost("Transfer-Encoding: chunked\r\n", 600_000, true);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
    }

    @Test
    public void aBodyDeclaredFarOverTheLimitIsRefusedWithoutWaitingForIt() throws Exception {
        // more than RefusedBody.MAX_DRAIN_BYTES over: the 413 comes after the first piece, the rest never sent (Jetty
        // dispatches once some of the body is there)
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: " + (4096 + 2 * RefusedBody.MAX_DRAIN_BYTES) + "\r\n"));
            out.write(new byte[60_000]);
            out.flush();

            assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 413");
        }
    }

    private static byte[] head(String framing) {
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.GOOD_KEY
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the headers, then {@code length} bytes of body in pieces with pauses (a slow client that writes all
     * before it reads, as Java's HttpClient and the OpenAI SDK do), then reads the whole answer.
     */
    private String slowPost(String framing, int length, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(framing));
            out.flush();
            byte[] piece = new byte[60_000];
            Arrays.fill(piece, (byte) ' ');
            for (int sent = 0; sent < length; sent += piece.length) {
                Thread.sleep(20);
                if (chunked) {
                    out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int contentLength = -1;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                answer.append(line).append("\r\n");
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertThat(contentLength).as("the answer's length").isPositive();
            return answer.append("\r\n").append(new String(in.readNBytes(contentLength), StandardCharsets.UTF_8))
                    .toString();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    public void acceptsAChunkedBodyUnderTheLimit() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(outcome(false));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    public void passesAnUnknownModelThrownBeforeWorkStarts() throws Exception {
        server.gateway.chat = request -> {
            throw GatewayException.modelNotFound(request.model());
        };

        HttpResponse<String> response = server.postChat(BODY);

        assertError(response, 404, "invalid_request_error", "model_not_found");
        assertThat(json(response).at("/error/param").asText()).isEqualTo("model");
    }

    @Test
    public void sendsRetryAfterRoundedUpWithAQuotaDenial() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(new GatewayException(429,
                "rate_limit_error", "rate_limit_exceeded", null, "Rate limit reached.", Duration.ofMillis(1200)));

        HttpResponse<String> response = server.postChat(BODY);

        assertError(response, 429, "rate_limit_error", "rate_limit_exceeded");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    public void aQuotaDenialCarriesItsRateLimitHeaders() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(new GatewayException(429,
                "insufficient_quota", "budget_exceeded", null, "Budget 'acme' would be exceeded.",
                Duration.ofSeconds(90), java.util.Map.of("x-ratelimit-limit-cost-usd-cents", "10000",
                        "x-ratelimit-remaining-cost-usd-cents", "0", "x-ratelimit-reset-cost-usd-cents", "1m30s")));

        HttpResponse<String> response = server.postChat(BODY);

        assertError(response, 429, "insufficient_quota", "budget_exceeded");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("90");
        assertThat(response.headers().firstValue("x-ratelimit-limit-cost-usd-cents")).hasValue("10000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-cost-usd-cents")).hasValue("0");
        assertThat(response.headers().firstValue("x-ratelimit-reset-cost-usd-cents")).hasValue("1m30s");
    }

    @Test
    public void passesUpstreamFailures() throws Exception {
        for (int status : new int[] {502, 503, 504}) {
            server.gateway.chat = request -> CompletableFuture.supplyAsync(() -> {
                throw new GatewayException(status, "api_error", null, null, "upstream failed", null);
            });

            assertError(server.postChat(BODY), status, "api_error", null);
        }
    }

    @Test
    public void hidesUnexpectedFailuresBehindA500() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(new NullPointerException("secret detail"));

        HttpResponse<String> response = server.postChat(BODY);

        assertError(response, 500, "api_error", "internal_error");
        assertThat(response.body()).doesNotContain("secret detail");
    }

    @Test
    public void refusesOtherMethods() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions").GET().build());

        assertError(response, 405, "invalid_request_error", "method_not_allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    public void answers504WhenTheDeadlinePasses() throws Exception {
        TestServer slow = new TestServer(4096, 200, true);
        slow.before();
        try {
            slow.gateway.chat = request -> new CompletableFuture<>();

            assertError(slow.postChat(BODY), 504, "api_error", "timeout");
        } finally {
            slow.after();
        }
    }

    @Test
    public void outlivesTheConnectionIdleTimeoutWhileWaitingForAnAnswer() throws Exception {
        TestServer impatient = new TestServer(4096, 10_000, true).idleTimeout(300);
        impatient.before();
        try {
            impatient.gateway.chat = request -> CompletableFuture.supplyAsync(() -> outcome(false),
                    CompletableFuture.delayedExecutor(1200, java.util.concurrent.TimeUnit.MILLISECONDS));

            assertThat(impatient.postChat(BODY).statusCode()).isEqualTo(200);
        } finally {
            impatient.after();
        }
    }

    @Test
    public void answers503WhileCoreIsAbsent() throws Exception {
        TestServer bare = new TestServer(4096, 10_000, false);
        bare.before();
        try {
            assertError(bare.postChat(BODY), 503, "api_error", "gateway_unavailable");
        } finally {
            bare.after();
        }
    }

    @Test
    public void theCacheControlHeaderBecomesTheCacheFieldCoreReads() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(outcome(false));

        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("x-switchboard-cache-control", "no-store, ttl=60, namespace=eval-7")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o\",\"cache\":{\"ttl\":10,\"no_cache\":true},"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.gateway.lastRequest.extensions().get("cache")).isEqualTo(java.util.Map.of(
                "no_cache", true, "no_store", true, "ttl", 60L, "namespace", "eval-7"));
    }

    @Test
    public void anUnknownCacheControlDirectiveIsABadRequest() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("x-switchboard-cache-control", "forever")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("x-switchboard-cache-control");
    }

    @Test
    public void theStandardCacheControlHeaderDoesNotTouchTheCache() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(outcome(false));

        server.send(server.authorized("/v1/chat/completions").header("Content-Type", "application/json")
                .header("Cache-Control", "no-cache")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(server.gateway.lastRequest.extensions()).doesNotContainKey("cache");
    }
}
