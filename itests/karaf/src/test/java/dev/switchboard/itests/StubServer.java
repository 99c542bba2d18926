package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plumbing the in-container tests' stub upstreams share, so each stub keeps only its wire protocol: a server
 * socket on 127.0.0.1 on a free port, an accepting thread, a pool of {@code threads} serving one request per
 * connection (read whole: the head, then a Content-Length or chunked body), counted, the last one kept, handed to
 * the stub's {@link Handler}, which writes the whole answer; the connection is closed when it returns. The answers
 * the helpers write say {@code Connection: close}.
 *
 * <p>Not the plugin SDK testkit's {@code LoopbackUpstream}: that one keeps connections alive and frames every
 * stream in HTTP chunks, which would change what these stubs speak (and what the ITs that drive the gateway
 * through them rely on).
 */
final class StubServer implements AutoCloseable {

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 8 * 1024 * 1024;

    /** One request as received: the request line's path, the whole head as sent, and the body as UTF-8 text. */
    record Request(String path, String head, String body) {

        /** The body without spaces, for the stubs' {@code "name":value} checks whatever the client's spacing. */
        String compactBody() {
            return body.replace(" ", "");
        }

        /** Whether the head has a header of this name (any case) whose value starts with {@code valuePrefix}. */
        boolean hasHeader(String name, String valuePrefix) {
            return head.toLowerCase(Locale.ROOT).contains("\r\n" + name.toLowerCase(Locale.ROOT) + ": "
                    + valuePrefix.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the whole answer to one request; the socket is there for stubs that break the connection. */
    @FunctionalInterface
    interface Handler {
        void serve(Request request, Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Request last;
    private volatile boolean closed;

    private StubServer(String name, int threads, Handler handler) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.handler = handler;
        AtomicInteger names = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, name + "-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts serving on a free loopback port, at most {@code threads} connections at once (the rest wait). */
    static StubServer start(String name, int threads, Handler handler) throws IOException {
        return new StubServer(name, threads, handler);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    /** The last request read, or null before the first. */
    Request last() {
        return last;
    }

    boolean closed() {
        return closed;
    }

    /** A complete {@code 200} answer with a Content-Length. */
    static void json(OutputStream out, String json) throws IOException {
        respond(out, 200, "application/json", json);
    }

    /**
     * A complete answer with a Content-Length: the status line ({@code 200 OK} or {@code 404 Not Found}),
     * {@code Content-Type}, the {@code headers} ({@code "Name: value"}), {@code Content-Length},
     * {@code Connection: close}, the body.
     */
    static void respond(OutputStream out, int status, String contentType, String body, String... headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write((statusLine(status) + "Content-Type: " + contentType + "\r\n" + lines(headers) + "Content-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The head of a {@code 200} streamed answer, its body ended by the close: {@code Content-Type}, the {@code headers}. */
    static void streamHead(OutputStream out, String contentType, String... headers) throws IOException {
        out.write((statusLine(200) + "Content-Type: " + contentType + "\r\n" + lines(headers)
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One server-sent event {@code data: <data>}, flushed. */
    static void sse(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One named server-sent event {@code event: <name>} {@code data: <data>}, flushed. */
    static void sse(OutputStream out, String name, String data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String statusLine(int status) {
        return "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\n";
    }

    private static String lines(String... headers) {
        StringBuilder lines = new StringBuilder();
        for (String header : headers) {
            lines.append(header).append("\r\n");
        }
        return lines.toString();
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
            Request request = read(socket.getInputStream());
            requests.incrementAndGet();
            last = request;
            handler.serve(request, socket);
        } catch (IOException | InterruptedException e) {
            // the gateway hung up (a cancelled stream) or the stub is closing
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
            if (n > MAX_HEAD) {
                throw new IOException("head too large");
            }
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        boolean chunked = false;
        for (String line : headText.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked ? chunked(in) : in.readNBytes(Math.max(0, Math.min(length, MAX_BODY)));
        String[] requestLine = headText.substring(0, Math.max(0, headText.indexOf("\r\n"))).split(" ");
        return new Request(requestLine.length > 1 ? requestLine[1] : "", headText,
                new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() <= MAX_BODY) {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                in.readNBytes(2);
                break;
            }
            body.write(in.readNBytes(n));
            in.readNBytes(2);
        }
        return body.toByteArray();
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
