package dev.switchboard.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** What every stack-probe proxy must do, checked against the {@link UpstreamStub} on loopback. */
final class ProxyChecks {

    /** stub settings for the stream check: few chunks, gaps long enough that a buffering proxy is plain to see */
    static final int CHUNKS = 4;
    static final double GAP_MS = 150;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ProxyChecks() {
    }

    /** The chat answer through the proxy is the stub's, byte for byte, with a Content-Length (not chunked). */
    static void forwardsAChatAnswerWhole(int stubPort, int proxyPort) throws IOException, InterruptedException {
        String body = BenchRun.chatBody(BenchRun.BENCH_MODEL, false);
        HttpResponse<byte[]> direct = post(stubPort, body, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> proxied = post(proxyPort, body, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, proxied.statusCode());
        assertTrue(new String(direct.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"usage\""));
        assertTrue("the stub's answer, byte for byte", Arrays.equals(direct.body(), proxied.body()));
        assertEquals(String.valueOf(direct.body().length),
                proxied.headers().firstValue("content-length").orElse("none"));
        assertFalse(proxied.headers().firstValue("transfer-encoding").isPresent());
        assertTrue(proxied.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    /**
     * A stream passes chunk by chunk: every event arrives, in order, and the content events arrive spread over the
     * stub's gaps (a proxy that held the stream back would deliver them all at once, at the end).
     */
    static void passesAStreamChunkByChunk(int proxyPort) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = post(proxyPort, BenchRun.chatBody(BenchRun.BENCH_MODEL, true),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<Long> contentArrivals = new ArrayList<>();
        List<String> events = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            lines.filter(l -> l.startsWith("data: ")).forEach(l -> {
                events.add(l);
                if (l.contains(UpstreamStub.CONTENT_MARKER)) {
                    contentArrivals.add(System.nanoTime());
                }
            });
        }
        assertEquals("content events", CHUNKS, contentArrivals.size());
        for (int i = 0; i < CHUNKS; i++) {
            assertTrue(events.get(i), events.get(i).contains(UpstreamStub.CONTENT_MARKER + i + "~"));
        }
        assertEquals("data: [DONE]", events.get(events.size() - 1));
        // the stub sleeps GAP_MS between content events; passed through, the first and the last are at least
        // (CHUNKS - 1) gaps apart (half of it asserted: a lower bound, a slow machine only widens it)
        double spreadMs = (contentArrivals.get(CHUNKS - 1) - contentArrivals.get(0)) / 1e6;
        assertTrue("content events arrived together (" + spreadMs + " ms apart): the stream was held back",
                spreadMs >= (CHUNKS - 1) * GAP_MS / 2);
    }

    private static <T> HttpResponse<T> post(int port, String body, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, handler);
    }
}
