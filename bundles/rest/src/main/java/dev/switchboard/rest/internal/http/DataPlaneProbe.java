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
            return status(socket.getInputStream()) == 401;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
