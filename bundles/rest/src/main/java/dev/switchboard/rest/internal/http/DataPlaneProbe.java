package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Does this listener serve {@code /v1/chat/completions} yet? Core can be ready (grid up, routes in place) a few
 * seconds before the HTTP whiteboard has registered the API servlets and bound their references: in that gap
 * requests got 404 or 503 while {@code /health} said ready (measured by the bench's cold-start row). The probe
 * sends the endpoint a request without a key over loopback to the listener the health request came in on: 401 is
 * the servlet answering with core and the key ring bound; 404 (not registered) and 503 (references unbound) are
 * not ready. A request without a key is not a key guess, so it costs no failed-authentication budget. Bounded by
 * a one-second timeout; called only until it first passes.
 */
final class DataPlaneProbe {

    private static final int TIMEOUT_MILLIS = 1000;

    private DataPlaneProbe() {
    }

    /** True when {@code POST /v1/chat/completions} without a key answers 401 on {@code host:port}. */
    static boolean serving(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            // Host: localhost, not the address (an IPv6 literal would need brackets)
            out.write(("POST " + ChatCompletionsServlet.PATTERN + " HTTP/1.1\r\nHost: localhost"
                    + "\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // 401 from the servlet, and through the guard filter (its nosniff header): the whiteboard registers
            // servlets and filters one by one, and an answer that skipped the guard is not the API being served
            return status(in) == 401 && guarded(in);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the header lines after the status line carry the guard's {@code X-Content-Type-Options: nosniff}. */
    static boolean guarded(InputStream in) throws IOException {
        for (int lines = 0; lines < 64; lines++) {
            String line = line(in);
            if (line.isEmpty()) {
                return false;
            }
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-content-type-options:")
                    && line.toLowerCase(java.util.Locale.ROOT).contains("nosniff")) {
                return true;
            }
        }
        return false;
    }

    private static String line(InputStream in) throws IOException {
        byte[] line = new byte[512];
        int n = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (n < line.length && b != '\r') {
                line[n++] = (byte) b;
            }
        }
        return new String(line, 0, n, StandardCharsets.US_ASCII);
    }

    /** the status code of an HTTP/1.x status line, -1 when there is none */
    static int status(InputStream in) throws IOException {
        byte[] line = new byte[64];
        int n = 0;
        int b;
        while (n < line.length && (b = in.read()) >= 0 && b != '\n') {
            line[n++] = (byte) b;
        }
        String text = new String(line, 0, n, StandardCharsets.US_ASCII);
        int space = text.indexOf(' ');
        if (!text.startsWith("HTTP/1.") || space < 0 || text.length() < space + 4) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
