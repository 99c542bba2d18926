package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow OpenAI-compatible upstream on loopback, for an {@code openai} instance to call: a streamed chat
 * trickles a chunk every 200 ms for {@code hold} (or until the gateway hangs up), a plain chat answers at
 * once. It lets a test hold many upstream connections open, as real long answers do. Every connection gets
 * {@code Connection: close}; at most {@value #MAX_CONNECTIONS} are served at once.
 */
final class StubUpstream implements AutoCloseable {

    static final String ANSWER = "stub answer";
    private static final int MAX_CONNECTIONS = 120;

    private final ServerSocket server;
    private final Duration hold;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    private StubUpstream(Duration hold) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.hold = hold;
        AtomicInteger names = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(MAX_CONNECTIONS, runnable -> {
            Thread thread = new Thread(runnable, "hostile-stub-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "hostile-stub-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    static StubUpstream start(Duration hold) throws IOException {
        return new StubUpstream(hold);
    }

    /** The base URL an {@code openai} instance takes ({@code /chat/completions} is appended). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int openStreams() {
        return openStreams.get();
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                try {
                    connections.execute(() -> serve(socket));
                } catch (RejectedExecutionException e) {
                    socket.close();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            String request = readRequest(socket.getInputStream());
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (request.replace(" ", "").contains("\"stream\":true")) {
                stream(out);
            } else {
                byte[] body = ("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1,"
                        + "\"model\":\"hostile-slow\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the gateway hung up (a cancelled stream) or the stub is closing
        }
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        openStreams.incrementAndGet();
        try {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            event(out, "{\"role\":\"assistant\",\"content\":\"\"}", "null");
            long end = System.nanoTime() + hold.toNanos();
            while (!closed && System.nanoTime() < end) {
                Thread.sleep(200);
                event(out, "{\"content\":\"slow \"}", "null");
            }
            event(out, "{}", "\"stop\"");
            data(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"hostile-slow\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
            data(out, "[DONE]");
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private static void event(OutputStream out, String delta, String finishReason) throws IOException {
        data(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"hostile-slow\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + finishReason + "}]}");
    }

    private static void data(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The head and the Content-Length body, as text. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
            if (n > 64 * 1024) {
                throw new IOException("head too large");
            }
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return headText + new String(in.readNBytes(Math.min(length, 4 * 1024 * 1024)), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.shutdownNow();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
