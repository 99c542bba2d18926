package dev.switchboard.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stub upstream on 127.0.0.1 for HTTP provider tests: plain HTTP/1.1 over a socket, so a test can make it do
 * what a real server does on a bad day. It is told what to do with the next requests ({@link #reply}):
 * answer a status, body and headers ({@link #json}), stream server-sent events flushed one by one
 * ({@link #events}), go silent ({@link #hang()}), or break the connection with a TCP reset in the middle of a
 * stream ({@link #eventsThenReset}). It records what it was sent and notices when a client goes away
 * ({@link #awaitClientGone}). No dependency beyond the JDK; one daemon thread per connection, all ended by
 * {@link #close()}.
 */
public final class LoopbackUpstream implements AutoCloseable {

    /** How long a silent reply holds the connection at most, so a broken test cannot hang the build. */
    private static final int HANG_LIMIT_MS = 30_000;

    /** What to do with one request: write a response (or not) on the raw connection. */
    @FunctionalInterface
    public interface Reply {
        void write(Exchange exchange) throws IOException;
    }

    /** One request as received. Header names are lower case. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The connection a {@link Reply} writes to. */
    public final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private final Received request;
        private boolean keepAlive = true;

        Exchange(Socket socket, OutputStream out, Received request) {
            this.socket = socket;
            this.out = out;
            this.request = request;
        }

        public Received request() {
            return request;
        }

        /** A complete response with a Content-Length. */
        public void respond(int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
            StringBuilder head = statusLine(status, headers);
            head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        /** Begins a chunked {@code text/event-stream} response. */
        public void beginEvents(Map<String, String> headers) throws IOException {
            StringBuilder head = statusLine(200, headers);
            head.append("Content-Type: text/event-stream; charset=utf-8\r\n");
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** One event {@code data: <data>} in its own chunk, flushed. */
        public void event(String data) throws IOException {
            chunk(sse(data));
        }

        /**
         * Begins a chunked 200 response of any streamed type (e.g. AWS's binary
         * {@code application/vnd.amazon.eventstream}); send its parts with {@link #chunk}, end with {@link #endEvents}.
         */
        public void beginStream(String contentType, Map<String, String> headers) throws IOException {
            StringBuilder head = statusLine(200, headers);
            head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Raw bytes of a streamed body in their own HTTP chunk, flushed. */
        public void chunk(byte[] bytes) throws IOException {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Begins a chunked {@code application/x-ndjson} response (newline-delimited JSON, as Ollama streams). */
        public void beginLines(Map<String, String> headers) throws IOException {
            StringBuilder head = statusLine(200, headers);
            head.append("Content-Type: application/x-ndjson\r\n");
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** One line {@code <json>\n} in its own chunk, flushed. */
        public void line(String json) throws IOException {
            byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(line);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Ends the chunked body; the connection stays open for the next request. */
        public void endEvents() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends nothing more and waits until the client closes the connection (or a 30 s bound). */
        public void hang() throws IOException {
            keepAlive = false;
            socket.setSoTimeout(HANG_LIMIT_MS);
            try {
                while (socket.getInputStream().read() >= 0) {
                    // a client only closes; anything it sends while we hang is ignored
                }
            } catch (SocketTimeoutException | SocketException e) {
                // bound reached or connection torn down
            }
            clientGone.countDown();
        }

        /** Breaks the connection with a TCP reset (RST), as a crashed server or a dropped proxy does. */
        public void reset() throws IOException {
            keepAlive = false;
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private StringBuilder statusLine(int status, Map<String, String> headers) {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\n");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            return head;
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply reply = json(200, "{}");
    private volatile CountDownLatch clientGone = new CountDownLatch(1);
    private volatile boolean closed;

    private LoopbackUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "loopback-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a stub on a free loopback port. */
    public static LoopbackUpstream start() throws IOException {
        return new LoopbackUpstream();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** What every following request gets, until told otherwise. */
    public void reply(Reply next) {
        clientGone = new CountDownLatch(1);
        reply = next;
    }

    public List<Received> requests() {
        return received;
    }

    public Received last() {
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    /**
     * Whether a client closed a connection the stub was serving within the wait: while it held it
     * ({@link Exchange#hang()}), or while it was still writing the reply (a client that cancels after the first
     * part may leave before the rest is written; the write then fails instead of the hang noticing).
     */
    public boolean awaitClientGone(long timeout, TimeUnit unit) throws InterruptedException {
        return clientGone.await(timeout, unit);
    }

    /** A complete answer with status, body and header name/value pairs. */
    public static Reply json(int status, String body, String... headers) {
        Map<String, String> map = pairs(headers);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange -> exchange.respond(status, "application/json", bytes, map);
    }

    /** A 200 event stream: each data string as its own event, flushed, then the end of the body. */
    public static Reply events(List<String> data) {
        return exchange -> {
            exchange.beginEvents(Map.of());
            for (String event : data) {
                exchange.event(event);
            }
            exchange.endEvents();
        };
    }

    /** A 200 event stream that sends these events and then goes silent until the client leaves. */
    public static Reply eventsThenHang(List<String> data) {
        return exchange -> {
            exchange.beginEvents(Map.of());
            for (String event : data) {
                exchange.event(event);
            }
            exchange.hang();
        };
    }

    /** A 200 event stream that sends these events and then resets the connection. */
    public static Reply eventsThenReset(List<String> data) {
        return exchange -> {
            exchange.beginEvents(Map.of());
            for (String event : data) {
                exchange.event(event);
            }
            exchange.reset();
        };
    }

    /** The bytes of one server-sent event {@code data: <data>}. */
    public static byte[] sse(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A 200 streamed body of {@code contentType}: each part in its own flushed chunk, then the end of the body. */
    public static Reply stream(String contentType, List<byte[]> parts) {
        return exchange -> {
            exchange.beginStream(contentType, Map.of());
            for (byte[] part : parts) {
                exchange.chunk(part);
            }
            exchange.endEvents();
        };
    }

    /** A 200 newline-delimited JSON stream: each string as its own line, flushed, then the end of the body. */
    public static Reply ndjson(List<String> lines) {
        return exchange -> {
            exchange.beginLines(Map.of());
            for (String line : lines) {
                exchange.line(line);
            }
            exchange.endEvents();
        };
    }

    /** A 200 streamed body that sends these parts and then goes silent until the client leaves. */
    public static Reply streamThenHang(String contentType, List<byte[]> parts) {
        return exchange -> {
            exchange.beginStream(contentType, Map.of());
            for (byte[] part : parts) {
                exchange.chunk(part);
            }
            exchange.hang();
        };
    }

    /** A 200 newline-delimited JSON stream that sends these lines and then goes silent until the client leaves. */
    public static Reply ndjsonThenHang(List<String> lines) {
        return exchange -> {
            exchange.beginLines(Map.of());
            for (String line : lines) {
                exchange.line(line);
            }
            exchange.hang();
        };
    }

    /** A 200 streamed body that sends these parts and then resets the connection. */
    public static Reply streamThenReset(String contentType, List<byte[]> parts) {
        return exchange -> {
            exchange.beginStream(contentType, Map.of());
            for (byte[] part : parts) {
                exchange.chunk(part);
            }
            exchange.reset();
        };
    }

    /** A 200 newline-delimited JSON stream that sends these lines and then resets the connection. */
    public static Reply ndjsonThenReset(List<String> lines) {
        return exchange -> {
            exchange.beginLines(Map.of());
            for (String line : lines) {
                exchange.line(line);
            }
            exchange.reset();
        };
    }

    /** No answer at all: the request is read and the connection held until the client gives up. */
    public static Reply hang() {
        return Exchange::hang;
    }

    private static Map<String, String> pairs(String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return map;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread handler = new Thread(() -> serve(socket), acceptor.getName() + "-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(HANG_LIMIT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Received request = read(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                Exchange exchange = new Exchange(socket, out, request);
                try {
                    reply.write(exchange);
                } catch (SocketException e) {
                    // the client left while the reply was still being written (it cancelled after the first part,
                    // before the stub got to hang): it is gone all the same
                    if (!closed) {
                        clientGone.countDown();
                    }
                    throw e;
                }
                if (!exchange.keepAlive || socket.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the stub is closing
        } finally {
            connections.remove(socket);
        }
    }

    private static Received read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        }
        String[] parts = requestLine.split(" ");
        return new Received(parts[0], parts.length > 1 ? parts[1] : "", headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String size = line(in);
            int length = size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : new ArrayList<>(connections)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
