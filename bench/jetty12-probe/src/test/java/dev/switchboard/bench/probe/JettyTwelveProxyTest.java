package dev.switchboard.bench.probe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Jetty 12 probe against an upstream of its own on loopback (the bench's stub is Jetty 9.4 and cannot share this
 * classpath): a chat answer forwarded byte for byte with a Content-Length, a stream passed chunk by chunk. The bench's
 * {@code JettyTwelveProxyProcessTest} checks the built probe against the stub itself.
 */
public class JettyTwelveProxyTest {

    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}").getBytes(StandardCharsets.UTF_8);
    private static final int CHUNKS = 4;
    private static final long GAP_MS = 150;

    private static Server upstream;
    private static JettyTwelveProxy proxy;
    private static int proxyPort;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeClass
    public static void start() throws Exception {
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        upstream.addConnector(connector);
        upstream.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (!body.contains("\"stream\":true")) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, ANSWER.length);
                    response.write(true, ByteBuffer.wrap(ANSWER), callback);
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                for (int i = 0; i < CHUNKS; i++) {
                    if (i > 0) {
                        Thread.sleep(GAP_MS);
                    }
                    FutureCallback written = new FutureCallback();
                    response.write(false, StandardCharsets.UTF_8.encode("data: {\"n\":" + i + "}\n\n"), written);
                    written.get();
                }
                response.write(true, StandardCharsets.UTF_8.encode("data: [DONE]\n\n"), callback);
                return true;
            }
        });
        upstream.start();
        proxy = new JettyTwelveProxy(0, connector.getLocalPort());
        proxyPort = proxy.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (upstream != null) {
            upstream.stop();
        }
    }

    @Test
    public void forwardsAChatAnswerWholeWithItsLength() throws Exception {
        HttpResponse<byte[]> r = HTTP.send(post("{\"model\":\"m\",\"temperature\":0.7}"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(ANSWER, r.body());
        assertEquals(String.valueOf(ANSWER.length), r.headers().firstValue("content-length").orElse("none"));
        assertFalse(r.headers().firstValue("transfer-encoding").isPresent());
    }

    @Test
    public void passesAStreamChunkByChunk() throws Exception {
        HttpResponse<Stream<String>> r = HTTP.send(post("{\"model\":\"m\",\"stream\":true}"),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            lines.filter(l -> l.startsWith("data: ")).forEach(l -> {
                events.add(l);
                arrivals.add(System.nanoTime());
            });
        }
        assertEquals(CHUNKS + 1, events.size());
        for (int i = 0; i < CHUNKS; i++) {
            assertEquals("data: {\"n\":" + i + "}", events.get(i));
        }
        assertEquals("data: [DONE]", events.get(CHUNKS));
        // a lower bound only: passed through, the events are the upstream's gaps apart; held back, all at once
        double spreadMs = (arrivals.get(CHUNKS - 1) - arrivals.get(0)) / 1e6;
        assertTrue("events arrived together (" + spreadMs + " ms apart)", spreadMs >= (CHUNKS - 1) * GAP_MS / 2.0);
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
