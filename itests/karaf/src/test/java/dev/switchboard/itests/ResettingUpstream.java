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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream on loopback that resets every connection (TCP RST, {@code SO_LINGER} 0): at once
 * after reading the request ({@link #AT_ONCE}), or after answering 200 and the first bytes of the answer, before
 * its first chunk ({@link #MID_ANSWER}). For an {@code openai} instance in failover tests.
 */
final class ResettingUpstream implements AutoCloseable {

    static final boolean AT_ONCE = false;
    static final boolean MID_ANSWER = true;

    private final ServerSocket server;
    private final boolean midAnswer;
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    ResettingUpstream(boolean midAnswer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.midAnswer = midAnswer;
        this.acceptor = new Thread(this::accept, "resetting-upstream");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!closed) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                String request = readRequest(socket.getInputStream());
                requests.incrementAndGet();
                if (midAnswer) {
                    OutputStream out = socket.getOutputStream();
                    boolean stream = request.replace(" ", "").contains("\"stream\":true");
                    out.write((stream ? "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: partial"
                            : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
                                    + "{\"id\":\"chatcmpl-cut\",\"object\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                socket.setSoLinger(true, 0); // close sends RST
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

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
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
