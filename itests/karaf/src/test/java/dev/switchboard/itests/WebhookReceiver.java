package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback (JDK sockets only, nothing the container must export): records each POST's
 * headers (lower case) and body and answers 200 with {@code Connection: close}. One thread, ended by close().
 */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(Map<String, String> headers, String body) {
    }

    private static final int MAX_BODY = 64 * 1024;

    private final ServerSocket server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    WebhookReceiver() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "webhook-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks/switchboard";
    }

    List<Delivery> deliveries() {
        return deliveries;
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                serve(socket);
            } catch (IOException e) {
                // closed, or one bad connection: the next one is served
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        Map<String, String> headers = new HashMap<>();
        String line = readLine(in);
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        int length = Math.min(MAX_BODY, Integer.parseInt(headers.getOrDefault("content-length", "0")));
        byte[] body = in.readNBytes(length);
        deliveries.add(new Delivery(headers, new String(body, StandardCharsets.UTF_8)));
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                throw new IOException("header line too long");
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
