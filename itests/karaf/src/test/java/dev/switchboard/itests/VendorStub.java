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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for a vendor's chat API, for a provider instance to call: one request per connection, read
 * whole, answered by {@link #answer}. A request offering tools (and not yet answering one) gets a call of
 * {@code get_weather} for Paris, one carrying a tool result gets {@value #WEATHER}, any other {@value #ANSWER}.
 * Subclasses speak one vendor's documented wire format.
 */
abstract class VendorStub implements AutoCloseable {

    static final String ANSWER = "Hello from the vendor stub.";
    static final String WEATHER = "It is 18 degrees in Paris.";

    /** One request as received: the request line's path, the head (lower-cased names kept as sent) and the body. */
    record Request(String path, String head, String body) {

        String compactBody() {
            return body.replace(" ", "");
        }
    }

    private final ServerSocket server;
    private final ExecutorService connections;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Request last;
    private volatile boolean closed;

    VendorStub(String name) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, name + "-stub");
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(this::accept, name + "-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    Request last() {
        return last;
    }

    /** Writes the whole HTTP answer to {@code request}. */
    abstract void answer(Request request, OutputStream out) throws IOException;

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException | RuntimeException e) {
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
            answer(request, socket.getOutputStream());
        } catch (IOException e) {
            // the gateway hung up or the stub is closing
        }
    }

    static void json(OutputStream out, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    static void streamHead(OutputStream out, String contentType) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * One {@code application/vnd.amazon.eventstream} event message: prelude (total and headers length, CRC32), the
     * string headers {@code :event-type}, {@code :content-type}, {@code :message-type}, the payload, the message CRC32.
     */
    static byte[] eventFrame(String eventType, String contentType, byte[] payload) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":event-type", eventType);
        header(headers, ":content-type", contentType);
        header(headers, ":message-type", "event");
        byte[] headerBytes = headers.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(total);
        frame.putInt(total).putInt(headerBytes.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(frame.array(), 0, 8);
        frame.putInt((int) crc.getValue());
        frame.put(headerBytes).put(payload);
        crc.reset();
        crc.update(frame.array(), 0, total - 4);
        frame.putInt((int) crc.getValue());
        return frame.array();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(n.length);
        out.write(n, 0, n.length);
        out.write(7);
        out.write((v.length >> 8) & 0xFF);
        out.write(v.length & 0xFF);
        out.write(v, 0, v.length);
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
        String requestLine = headText.substring(0, Math.max(0, headText.indexOf("\r\n")));
        String[] parts = requestLine.split(" ");
        String body = new String(in.readNBytes(Math.min(length, 4 * 1024 * 1024)), StandardCharsets.UTF_8);
        return new Request(parts.length > 1 ? parts[1] : "", headText, body);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
