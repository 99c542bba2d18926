package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.api.StreamListener.StreamSummary;
import dev.switchboard.rest.internal.json.OpenAiDocuments;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

public class ChatStreamingTest {

    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String USAGE_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Rule
    public final TestServer server = new TestServer();

    /** Core calls listeners from its network threads, never from the servlet's. */
    private final ExecutorService network = Executors.newSingleThreadExecutor();
    private final CountDownLatch cancelled = new CountDownLatch(1);

    @After
    public void stopNetwork() {
        network.shutdownNow();
    }

    private void scriptStream(Consumer<StreamListener> script) {
        server.gateway.stream = (request, listener) -> {
            network.execute(() -> script.accept(listener));
            return cancelled::countDown;
        };
    }

    private static ChatChunk role() {
        return new ChatChunk("chatcmpl-7", "gpt-4o", 0, "assistant", null, null, null);
    }

    private static ChatChunk text(String content) {
        return ChatChunk.content("chatcmpl-7", "gpt-4o", content);
    }

    private static ChatChunk finish() {
        return new ChatChunk("chatcmpl-7", "gpt-4o", 0, null, null, "stop", null);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return server.postChat(body);
    }

    @Test
    public void streamsEachChunkAsAnSseEventThenDone() throws Exception {
        scriptStream(listener -> {
            listener.onStart("openai-east", "openai");
            listener.onChunk(role());
            listener.onChunk(text("Hel"));
            listener.onChunk(text("lo"));
            listener.onChunk(finish());
            listener.onComplete(new StreamSummary(new Usage(5, 2), BigDecimal.ONE, 1000));
        });

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("openai-east");
        assertThat(response.headers().firstValue("x-switchboard-model")).as("the first chunk's model")
                .hasValue(role().model());
        assertThat(response.headers().firstValue("x-switchboard-fallback")).isEmpty();
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        String[] events = response.body().split("\n\n");
        assertThat(events).hasSize(5);
        assertThat(events[0]).startsWith("data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",")
                .contains("\"delta\":{\"role\":\"assistant\"}");
        assertThat(events[1]).contains("\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null");
        assertThat(events[2]).contains("\"delta\":{\"content\":\"lo\"}");
        assertThat(events[3]).contains("\"delta\":{},\"finish_reason\":\"stop\"");
        assertThat(events[4]).isEqualTo("data: [DONE]");
        assertThat(response.body()).doesNotContain("usage").endsWith("\n\n");
    }

    @Test
    public void theClientGetsEveryFieldOfEveryChunkTheProviderStreamedUnchanged() throws Exception {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> upstream = OpenAiDocuments.chunks();
        scriptStream(listener -> {
            listener.onStart("openai-east", "openai");
            Usage usage = null;
            for (com.fasterxml.jackson.databind.JsonNode chunk : upstream) {
                ChatChunk mapped = OpenAiDocuments.toChunk(chunk);
                usage = mapped.usage() == null ? usage : mapped.usage();
                listener.onChunk(mapped);
            }
            listener.onComplete(new StreamSummary(usage, BigDecimal.ONE, 1));
        });

        HttpResponse<String> response = post(USAGE_BODY);

        assertThat(response.headers().firstValue("x-switchboard-cache")).hasValue("miss");
        String[] events = response.body().split("\n\n");
        assertThat(events).hasSize(upstream.size() + 1);
        for (int i = 0; i < upstream.size(); i++) {
            assertThat(OpenAiDocuments.tree(events[i].substring("data: ".length()))).as("event %d", i)
                    .isEqualTo(upstream.get(i));
        }
        assertThat(events[upstream.size()]).isEqualTo("data: [DONE]");
    }

    @Test
    public void aStreamAnsweredFromCacheSaysSoAndAtWhichLevel() throws Exception {
        scriptStream(listener -> {
            listener.onStart(StreamListener.CACHE, StreamListener.CACHE, CacheStatus.HIT_L2);
            listener.onChunk(role());
            listener.onChunk(text("hi"));
            listener.onChunk(finish());
            listener.onComplete(new StreamSummary(new Usage(1, 1), BigDecimal.ZERO, 1));
        });

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-cache")).hasValue("hit-l2");
    }

    @Test
    public void flushesEachChunkBeforeTheNextArrives() throws Exception {
        CountDownLatch clientSawFirst = new CountDownLatch(1);
        AtomicBoolean secondWaitedForClient = new AtomicBoolean();
        scriptStream(listener -> {
            listener.onStart("mock", "mock");
            listener.onChunk(text("first"));
            try {
                secondWaitedForClient.set(clientSawFirst.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.onChunk(text("second"));
            listener.onComplete(new StreamSummary(Usage.NONE, BigDecimal.ZERO, 1));
        });

        HttpResponse<InputStream> response = server.client.send(server.authorized("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(STREAM_BODY)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertThat(first).contains("\"content\":\"first\"");
            clientSawFirst.countDown();
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).contains("\"content\":\"second\"");
        }
        assertThat(secondWaitedForClient).isTrue();
    }

    @Test
    public void endsWithAUsageChunkWhenAskedFor() throws Exception {
        scriptStream(listener -> {
            listener.onStart("mock", "mock");
            listener.onChunk(role());
            listener.onChunk(text("hi"));
            listener.onChunk(finish());
            listener.onChunk(new ChatChunk("chatcmpl-7", "gpt-4o", 0, null, null, null, new Usage(3, 4)));
            listener.onComplete(new StreamSummary(new Usage(3, 4), BigDecimal.ZERO, 1));
        });

        HttpResponse<String> response = post(USAGE_BODY);

        String[] events = response.body().split("\n\n");
        assertThat(events).hasSize(5);
        assertThat(events[1]).endsWith("\"finish_reason\":null}],\"usage\":null}");
        assertThat(events[3]).isEqualTo("data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\","
                + "\"created\":" + events[3].replaceAll(".*\"created\":(\\d+).*", "$1")
                + ",\"model\":\"gpt-4o\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        assertThat(events[4]).isEqualTo("data: [DONE]");
    }

    @Test
    public void takesUsageFromTheLastChunkWhenTheSummaryHasNone() throws Exception {
        scriptStream(listener -> {
            listener.onChunk(text("hi"));
            listener.onChunk(new ChatChunk("chatcmpl-7", "gpt-4o", 0, null, null, "stop", new Usage(8, 1)));
            listener.onComplete(new StreamSummary(null, BigDecimal.ZERO, 1));
        });

        HttpResponse<String> response = post(USAGE_BODY);

        assertThat(response.body()).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,");
    }

    @Test
    public void answersAPlainJsonErrorWhenTheStreamFailsBeforeItsFirstChunk() throws Exception {
        scriptStream(listener -> listener.onError(new GatewayException(503, "api_error", null, null,
                "No provider available.", Duration.ofSeconds(4))));

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"No provider available.\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":null}}");
    }

    @Test
    public void answersAPlainJsonErrorWhenCoreRefusesAtOnce() throws Exception {
        server.gateway.stream = (request, listener) -> {
            throw new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null, "Slow down.",
                    Duration.ofMillis(500));
        };

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"code\":\"rate_limit_exceeded\"");
    }

    /** An exact limit answered by the grid after the stream was handed over: the 429 is still the HTTP answer. */
    @Test
    public void aQuotaDenialBeforeTheFirstChunkIsA429WithItsHeaders() throws Exception {
        scriptStream(listener -> listener.onError(new GatewayException(429, "rate_limit_error",
                "rate_limit_exceeded", null, "Rate limit 'rpm' reached.", Duration.ofSeconds(3),
                java.util.Map.of("x-ratelimit-limit-requests", "20", "x-ratelimit-remaining-requests", "0",
                        "x-ratelimit-reset-requests", "3s"))));

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("20");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("3s");
        assertThat(response.body()).contains("\"code\":\"rate_limit_exceeded\"");
    }

    @Test
    public void sendsAnErrorEventWhenTheStreamFailsMidway() throws Exception {
        scriptStream(listener -> {
            listener.onChunk(text("par"));
            listener.onError(new GatewayException(502, "api_error", "upstream_error", null, "Provider dropped.",
                    null));
        });

        HttpResponse<String> response = post(STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        String[] events = response.body().split("\n\n");
        assertThat(events).hasSize(2);
        assertThat(events[1]).isEqualTo("data: {\"error\":{\"message\":\"Provider dropped.\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"upstream_error\"}}");
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    public void cancelsUpstreamWhenTheClientGoesAway() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        server.gateway.stream = (request, listener) -> {
            network.execute(() -> {
                listener.onStart("mock", "mock");
                // bounded: a chunk every 10 ms for at most 5 s
                for (int i = 0; i < 500 && !stop.get(); i++) {
                    listener.onChunk(text("tick " + i));
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return () -> {
                stop.set(true);
                cancelled.countDown();
            };
        };

        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestServer.GOOD_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.contains("tick 0")) {
                // headers and chunk framing until the first event
            }
            assertThat(line).contains("tick 0");
        }

        assertThat(cancelled.await(5, TimeUnit.SECONDS)).as("upstream cancelled").isTrue();
    }

    @Test
    public void sendsATimeoutEventAndCancelsWhenTheDeadlinePasses() throws Exception {
        TestServer slow = new TestServer(4096, 300, true);
        slow.before();
        try {
            slow.gateway.stream = (request, listener) -> {
                network.execute(() -> listener.onChunk(text("only")));
                return cancelled::countDown;
            };

            HttpResponse<String> response = slow.postChat(STREAM_BODY);

            assertThat(response.body()).contains("\"content\":\"only\"")
                    .endsWith("data: {\"error\":{\"message\":\"The request took longer than the gateway allows.\","
                            + "\"type\":\"api_error\",\"param\":null,\"code\":\"timeout\"}}\n\n");
            assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            slow.after();
        }
    }
}
