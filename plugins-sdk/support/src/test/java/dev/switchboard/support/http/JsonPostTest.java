package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class JsonPostTest {

    private static final String KEY = "sk-test-SECRET-never-shown-0123456789";
    private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    private LocalUpstream upstream;
    private HttpClient client;

    @Before
    public void start() throws Exception {
        upstream = new LocalUpstream();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        upstream.close();
    }

    @Test
    public void sendsJsonAndCompletesWithStatusHeadersAndBody() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        upstream.answer((base, request, response) -> {
            seen.set(request.getMethod() + " " + request.getRequestURI() + " " + request.getContentType() + " "
                    + request.getHeader("Authorization") + " " + request.getHeader("Accept") + " "
                    + request.getHeader("User-Agent") + " " + new String(request.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("x-request-id", "req_1");
            response.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        });

        UpstreamResponse response = post("/v1/chat").send().get(5, TimeUnit.SECONDS);

        assertThat(seen.get()).isEqualTo("POST /v1/chat application/json Bearer " + KEY
                + " application/json Switchboard {\"model\":\"m\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.isSuccess()).isTrue();
        assertThat(response.header("X-Request-Id")).isEqualTo("req_1");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }

    @Test
    public void aNonSuccessStatusIsAnAnswerNotAFailure() throws Exception {
        upstream.answer((base, request, response) -> {
            response.setStatus(429);
            response.setHeader("Retry-After", "2");
            response.getOutputStream().write("{\"error\":{}}".getBytes(StandardCharsets.UTF_8));
        });

        UpstreamResponse response = post("/").send().get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.bodyText(100)).isEqualTo("{\"error\":{}}");
        assertThat(RetryAfter.fromHeaders(response.headers())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    public void keepsConnectionsAlive() throws Exception {
        upstream.answer((base, request, response) -> response.getOutputStream().write('1'));

        for (int i = 0; i < 5; i++) {
            assertThat(post("/").send().get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(upstream.requests()).isEqualTo(5);
        assertThat(upstream.connectionsOpened()).isEqualTo(1);
    }

    @Test
    public void aPassedDeadlineIsATimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer((base, request, response) -> release.await(5, TimeUnit.SECONDS));
        try {
            long start = System.nanoTime();
            ProviderException e = failure(post("/").timeout(Duration.ofMillis(200)).send());

            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.retryable()).isTrue();
            assertThat(e.upstreamStatus()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
            assertNoSecret(e);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void anExpiredDeadlineFailsWithoutSending() throws Exception {
        ProviderException e = failure(post("/").timeout(Duration.ZERO).send());

        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(upstream.requests()).isZero();
    }

    @Test
    public void aRefusedConnectionIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI target = URI.create("http://127.0.0.1:" + closedPort + "/v1/chat?key=" + KEY);

        ProviderException e = failure(JsonPost.to(client, target, "acme")
                .header("Authorization", "Bearer " + KEY).body(BODY).send());

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("acme: connection failed").endsWith("(127.0.0.1:" + closedPort + ")");
        assertNoSecret(e);
    }

    @Test
    public void aCallThatGetsNoConnectionInTimeIsUnavailable() throws Exception {
        HttpClient single = UpstreamClients.startPooledClient(new UpstreamHttpSettings(1, 16, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 2, 8, 1, null));
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer((base, request, response) -> release.await(5, TimeUnit.SECONDS));
        try {
            CompletableFuture<UpstreamResponse> holder = JsonPost.to(single, upstream.uri("/"), "acme").body(BODY).send();

            ProviderException e = failure(JsonPost.to(single, upstream.uri("/"), "acme").body(BODY)
                    .connectTimeout(Duration.ofMillis(200)).send());

            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("no connection within 200 ms");
            release.countDown();
            assertThat(holder.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            release.countDown();
            single.stop();
        }
    }

    @Test
    public void cancellingTheFutureAbortsTheUpstreamCall() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch broken = new CountDownLatch(1);
        upstream.answer((base, request, response) -> trickle(response, writing, broken));

        CompletableFuture<UpstreamResponse> call = post("/").send();
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        call.cancel(true);

        assertThat(broken.await(5, TimeUnit.SECONDS)).as("upstream saw the connection close").isTrue();
    }

    @Test
    public void streamsEachEventAsItArrives() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        upstream.answer((base, request, response) -> {
            response.setContentType("text/event-stream");
            OutputStream out = response.getOutputStream();
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the second event is only written once the client has handled the first: proves no buffering
            if (!firstSeen.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("first event not delivered before the stream ended");
            }
            out.write("data: two\r\ndata: lines\r\n\r\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        });
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(SseEvent event) {
                super.onEvent(event);
                firstSeen.countDown();
            }
        };

        post("/").stream(listener, r -> StatusMapping.toException("acme", r, null));

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals).containsExactly("open 200", "event one", "event two\nlines", "event [DONE]",
                "complete");
    }

    @Test
    public void streamsNdjsonLinesAsTheyArriveAskingForThem() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicReference<String> accept = new AtomicReference<>();
        upstream.answer((base, request, response) -> {
            accept.set(request.getHeader("Accept"));
            response.setContentType("application/x-ndjson");
            OutputStream out = response.getOutputStream();
            out.write("{\"n\":1}\n{\"n\"".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!firstSeen.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("first line not delivered before the stream ended");
            }
            out.write(":2}\r\n\n{\"done\":true}".getBytes(StandardCharsets.UTF_8));
        });
        List<String> signals = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        LineStreamListener listener = new LineStreamListener() {
            @Override
            public void onLine(String line) {
                signals.add("line " + line);
                firstSeen.countDown();
            }

            @Override
            public void onComplete() {
                signals.add("complete");
                ended.countDown();
            }

            @Override
            public void onError(ProviderException error) {
                signals.add("error " + error.getMessage());
                ended.countDown();
            }
        };

        post("/").streamLines(listener, r -> StatusMapping.toException("acme", r, null));

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(signals).containsExactly("line {\"n\":1}", "line {\"n\":2}", "line {\"done\":true}", "complete");
        assertThat(accept.get()).isEqualTo("application/x-ndjson");
    }

    @Test
    public void anNdjsonLineBeyondTheBoundEndsTheStream() throws Exception {
        upstream.answer((base, request, response) -> {
            response.setContentType("application/x-ndjson");
            response.getOutputStream().write(("{\"text\":\"" + "x".repeat(4096) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        });
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<ProviderException> failure = new AtomicReference<>();
        LineStreamListener listener = new LineStreamListener() {
            @Override
            public void onLine(String line) {
                throw new AssertionError("no line may pass the bound");
            }

            @Override
            public void onComplete() {
                ended.countDown();
            }

            @Override
            public void onError(ProviderException error) {
                failure.set(error);
                ended.countDown();
            }
        };

        post("/").maxEventBytes(1024).streamLines(listener, r -> null);

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNotNull();
    }

    @Test
    public void aStreamAnsweredWithAnErrorGoesThroughTheErrorMapping() throws Exception {
        upstream.answer((base, request, response) -> {
            response.setStatus(401);
            response.getOutputStream().write("{\"error\":{\"message\":\"bad key\"}}".getBytes(StandardCharsets.UTF_8));
        });
        AtomicReference<String> mappedBody = new AtomicReference<>();
        RecordingListener listener = new RecordingListener();

        post("/").stream(listener, r -> {
            mappedBody.set(r.bodyText(1000));
            return StatusMapping.toException("acme", r, "bad key");
        });

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(mappedBody.get()).isEqualTo("{\"error\":{\"message\":\"bad key\"}}");
        assertThat(listener.signals).containsExactly("error AUTH acme answered 401: bad key");
    }

    @Test
    public void aStreamThatDoesNotStartBeforeItsDeadlineTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer((base, request, response) -> release.await(5, TimeUnit.SECONDS));
        RecordingListener listener = new RecordingListener();
        try {
            post("/").timeout(Duration.ofMillis(200)).stream(listener, r -> null);

            assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.signals).hasSize(1);
            assertThat(listener.signals.get(0)).startsWith("error TIMEOUT acme: TimeoutException: no response within 200 ms");
            assertNoSecret(listener.error.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aStreamMayRunLongerThanItsDeadlineWhileEventsKeepComing() throws Exception {
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < 6; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        });
        RecordingListener listener = new RecordingListener();

        post("/").timeout(Duration.ofMillis(250)).idleTimeout(Duration.ofSeconds(2)).stream(listener, r -> null);

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals).endsWith("event 5", "complete");
    }

    @Test
    public void silenceBetweenEventsBeyondTheIdleTimeoutIsATimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            release.await(5, TimeUnit.SECONDS);
        });
        RecordingListener listener = new RecordingListener();
        try {
            post("/").idleTimeout(Duration.ofMillis(300)).stream(listener, r -> null);

            assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.signals).hasSize(3);
            assertThat(listener.signals.get(1)).isEqualTo("event one");
            assertThat(listener.signals.get(2)).startsWith("error TIMEOUT");
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aConnectionDroppedMidStreamIsUnavailable() throws Exception {
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            base.getHttpChannel().abort(new IOException("upstream died"));
        });
        RecordingListener listener = new RecordingListener();

        post("/").stream(listener, r -> null);

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals.get(listener.signals.size() - 1)).startsWith("error UNAVAILABLE acme: connection failed");
    }

    @Test
    public void cancellingAStreamAbortsTheUpstreamCallAndSilencesTheListener() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch broken = new CountDownLatch(1);
        upstream.answer((base, request, response) -> trickle(response, writing, broken));
        RecordingListener listener = new RecordingListener();

        UpstreamStream stream = post("/").stream(listener, r -> null);
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        stream.cancel();
        stream.cancel();

        assertThat(stream.isDone()).isTrue();
        assertThat(broken.await(5, TimeUnit.SECONDS)).as("upstream saw the connection close").isTrue();
        Thread.sleep(100);
        assertThat(listener.signals).doesNotContain("complete").noneMatch(s -> s.startsWith("error"));
    }

    @Test
    public void aListenerCanEndTheStreamWithAProviderError() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch broken = new CountDownLatch(1);
        upstream.answer((base, request, response) -> trickle(response, writing, broken));
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(SseEvent event) {
                super.onEvent(event);
                if (signals.size() == 3) {
                    throw new ProviderException(ErrorCode.CONTENT_FILTER, "filtered");
                }
            }
        };

        post("/").stream(listener, r -> null);

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals).containsExactly("open 200", "event tick", "event tick", "error CONTENT_FILTER filtered");
        assertThat(broken.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    public void anyOtherListenerFailureIsInternal() throws Exception {
        upstream.answer((base, request, response) -> response.getOutputStream().write("data: x\n\n".getBytes(StandardCharsets.UTF_8)));
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(SseEvent event) {
                throw new IllegalStateException("bug");
            }
        };

        post("/").stream(listener, r -> null);

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals).containsExactly("open 200", "error INTERNAL acme: failed to read the stream: "
                + "IllegalStateException (" + upstream.uri("").getHost() + ":" + upstream.uri("").getPort() + ")");
    }

    @Test
    public void theClientsThreadsStopWithIt() throws Exception {
        HttpClient own = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        upstream.answer((base, request, response) -> response.setStatus(200));
        JsonPost.to(own, upstream.uri("/"), "acme").body(BODY).send().get(5, TimeUnit.SECONDS);

        own.stop();
        client.stop();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstreamThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(upstreamThreads()).isZero();
    }

    private static long upstreamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-upstream")).count();
    }

    private JsonPost post(String path) {
        return JsonPost.to(client, upstream.uri(path), "acme").header("Authorization", "Bearer " + KEY).body(BODY);
    }

    /** Writes an event every 20 ms until the client goes away. */
    private static void trickle(HttpServletResponse response, CountDownLatch writing, CountDownLatch broken)
            throws InterruptedException {
        try {
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < 250; i++) {
                out.write("data: tick\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                writing.countDown();
                Thread.sleep(20);
            }
        } catch (IOException e) {
            broken.countDown();
        }
    }

    private static ProviderException failure(CompletableFuture<?> future) throws Exception {
        Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }

    private static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain("SECRET");
            assertThat(t.toString()).doesNotContain(KEY);
        }
    }

    static class RecordingListener implements SseStreamListener {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<ProviderException> error = new AtomicReference<>();

        @Override
        public void onOpen(int status, HttpFields headers) {
            signals.add("open " + status);
        }

        @Override
        public void onEvent(SseEvent event) {
            signals.add("event " + event.data());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
            ended.countDown();
        }

        @Override
        public void onError(ProviderException e) {
            error.set(e);
            signals.add("error " + e.code() + " " + e.getMessage());
            ended.countDown();
        }
    }
}
