package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.ChatOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/**
 * Clients that read or send slowly cannot hold threads: not the upstream thread that delivers a stream or an
 * answer, not the server threads that read request bodies.
 */
public class SlowClientTest {

    private static final String CHAT_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** Core calls listeners from its network threads, never from the servlet's. */
    private final ExecutorService network = Executors.newSingleThreadExecutor();
    private final List<Socket> sockets = new ArrayList<>();
    private TestServer server;

    @After
    public void stop() throws IOException {
        network.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.after();
        }
    }

    private TestServer start(TestServer configured) throws Throwable {
        server = configured;
        server.before();
        return server;
    }

    /** A client with a tiny receive window that sends a request and then reads nothing. */
    private Socket silentReader(String body) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(head(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static String head(int contentLength) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TestServer.GOOD_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** Reads until the server closes the connection (bounded by the socket timeout). */
    private static String readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; received so far: "
                    + all.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""), e);
        } catch (IOException reset) {
            // a connection cut off hard ends with a reset rather than an orderly close
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void aStreamWhoseClientReadsNothingNeverBlocksTheUpstreamThreadAndIsCancelledOnceItsBufferIsFull()
            throws Throwable {
        start(new TestServer().streamBuffer(64 * 1024).sendBuffer(8 * 1024).idleTimeout(60_000));
        String tokens = "x".repeat(16 * 1024);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch producerDone = new CountDownLatch(1);
        CountDownLatch cancelledLatch = new CountDownLatch(1);
        server.gateway.stream = (request, listener) -> {
            network.execute(() -> {
                listener.onStart("mock", "mock");
                // bounded: 8 MB at most, far more than the socket buffers and the stream buffer hold
                for (int i = 0; i < 512 && !cancelled.get(); i++) {
                    listener.onChunk(ChatChunk.content("chatcmpl-1", "gpt-4o", tokens));
                    delivered.incrementAndGet();
                    // paced like a network: a cancel asked for before the handle was returned is delivered
                    // once it is (as with a real upstream), which must be well before the last chunk
                    pause(2);
                }
                producerDone.countDown();
            });
            return () -> {
                cancelled.set(true);
                cancelledLatch.countDown();
            };
        };

        Socket client = silentReader(STREAM_BODY);

        assertThat(cancelledLatch.await(10, TimeUnit.SECONDS))
                .as("the stream is cancelled once the client is further behind than its buffer").isTrue();
        assertThat(producerDone.await(10, TimeUnit.SECONDS))
                .as("the thread delivering chunks was never blocked by the client").isTrue();
        assertThat(delivered.get()).isLessThan(512);
        // the client is disconnected: what it had not taken is dropped and the connection ends
        String received = readToEnd(client);
        assertThat(received).startsWith("HTTP/1.1 200").doesNotContain("[DONE]");
    }

    @Test
    public void aClientThatFallsBehindWithinItsBufferGetsTheWholeStreamOnceItReads() throws Throwable {
        start(new TestServer().streamBuffer(4 * 1024 * 1024).sendBuffer(8 * 1024).idleTimeout(60_000));
        String tokens = "z".repeat(16 * 1024);
        int chunks = 128;
        CountDownLatch producerDone = new CountDownLatch(1);
        server.gateway.stream = (request, listener) -> {
            network.execute(() -> {
                listener.onStart("mock", "mock");
                for (int i = 0; i < chunks; i++) {
                    listener.onChunk(ChatChunk.content("chatcmpl-4", "gpt-4o", tokens));
                }
                listener.onComplete(null);
                producerDone.countDown();
            });
            return () -> { };
        };

        Socket client = silentReader(STREAM_BODY);

        assertThat(producerDone.await(10, TimeUnit.SECONDS))
                .as("2 MB delivered into the stream's buffer while the client read nothing").isTrue();
        String received = readUntil(client, "data: [DONE]");
        assertThat(received.split("\"content\":\"z").length - 1).isEqualTo(chunks);
        assertThat(received).contains("data: [DONE]");
    }

    @Test
    public void aLargeAnswerToAClientThatReadsNothingDoesNotBlockTheThreadThatCompletesIt() throws Throwable {
        start(new TestServer().sendBuffer(8 * 1024).idleTimeout(60_000));
        String content = "y".repeat(8 * 1024 * 1024);
        ChatResponse big = new ChatResponse("chatcmpl-2", "gpt-4o", 1L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", content), "stop")), new Usage(1, 1));
        CompletableFuture<ChatOutcome> answer = new CompletableFuture<>();
        server.gateway.chat = request -> answer;
        CountDownLatch completed = new CountDownLatch(1);

        Socket client = silentReader(CHAT_BODY);
        // the answer arrives once the request is in flight; the completing thread runs the exchange's callback
        for (int i = 0; i < 100 && server.gateway.lastRequest == null; i++) {
            Thread.sleep(20);
        }
        network.execute(() -> {
            answer.complete(new ChatOutcome(big, "mock", "mock", false, BigDecimal.ZERO, 1, 1));
            completed.countDown();
        });

        assertThat(completed.await(10, TimeUnit.SECONDS))
                .as("the provider's thread handed the answer over without waiting for the client").isTrue();
        // the client can still take the whole answer at its own pace
        client.setReceiveBufferSize(65536);
        String received = readUntil(client, "\"finish_reason\":\"stop\"");
        assertThat(received).startsWith("HTTP/1.1 200").contains("Content-Length: ");
    }

    /** Reads until the marker arrived (bounded by the socket timeout); the connection stays open (keep-alive). */
    private static String readUntil(Socket socket, String marker) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        String carry = "";
        int n;
        while ((n = in.read(buffer)) >= 0) {
            all.write(buffer, 0, n);
            // ISO-8859-1 maps bytes to chars one to one; the carry finds a marker split between two reads
            String window = carry + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            if (window.contains(marker)) {
                break;
            }
            carry = window.substring(Math.max(0, window.length() - marker.length()));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void clientsTricklingTheirBodiesHoldNoThreadAndGet408AfterTheBodyDeadline() throws Throwable {
        start(new TestServer().threads(8).bodyTimeout(1_000).idleTimeout(3_000));
        server.gateway.chat = request -> CompletableFuture.completedFuture(new ChatOutcome(
                new ChatResponse("chatcmpl-3", "gpt-4o", 1L,
                        List.of(new ChatChoice(0, ChatMessage.of("assistant", "served"), "stop")), new Usage(1, 1)),
                "mock", "mock", false, BigDecimal.ZERO, 1, 1));
        byte[] body = CHAT_BODY.getBytes(StandardCharsets.UTF_8);
        int clients = 12;
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket socket = new Socket("127.0.0.1", server.port());
            sockets.add(socket);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(body.length).getBytes(StandardCharsets.US_ASCII));
            // one client sends nothing at all; the others a byte now and then
            if (i > 0) {
                out.write(body, 0, 1);
            }
            out.flush();
            tricklers.add(socket);
        }
        AtomicBoolean stopTrickling = new AtomicBoolean();
        network.execute(() -> {
            // a byte every 250 ms: the whole body would take ~15 s, longer than the normal request waits (10 s)
            for (int round = 1; round < body.length && !stopTrickling.get(); round++) {
                for (int i = 1; i < tricklers.size(); i++) {
                    try {
                        tricklers.get(i).getOutputStream().write(body, round, 1);
                        tricklers.get(i).getOutputStream().flush();
                    } catch (IOException closedByServer) {
                        // expected once the deadline passed
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(500);

        HttpResponse<String> normal = server.postChat(CHAT_BODY);

        assertThat(normal.statusCode()).as("a normal request is served while the others trickle").isEqualTo(200);
        assertThat(normal.body()).contains("served");
        // a client that sends no body at all is ended by the connection idle timeout, with a 408 as well
        assertThat(readToEnd(tricklers.get(0))).startsWith("HTTP/1.1 408").contains("request_timeout");
        for (Socket socket : tricklers.subList(1, clients)) {
            String answer = readToEnd(socket);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"")
                    .contains("\"type\":\"invalid_request_error\"");
        }
        stopTrickling.set(true);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
