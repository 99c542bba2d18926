package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain loopback socket, for requests no well-behaved client would send: bytes that are not
 * UTF-8, framing that lies, header blocks of any size. A server may answer before it read everything, or
 * close or reset the connection instead of answering; both are reported as an {@link Answer}, never thrown.
 */
final class RawHttp {

    /** No answer: the connection was closed or reset before a status line arrived. */
    static final int CLOSED = 0;
    /** No answer within the timeout. */
    static final int TIMED_OUT = -1;

    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private RawHttp() {
    }

    /** What came back: the status (or {@link #CLOSED} / {@link #TIMED_OUT}), headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {

        boolean answered() {
            return status > 0;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String describe() {
            return status == CLOSED ? "closed" : status == TIMED_OUT ? "timed out"
                    : status + " " + abbreviate(body, 160);
        }
    }

    /** A request head: request line, {@code Host}, {@code Connection: close}, the given header lines, blank line. */
    static byte[] head(String method, String target, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A POST of {@code body} with its Content-Length, a bearer key (when not null) and a content type. */
    static Answer post(String path, String apiKey, String contentType, byte[] body, Duration timeout) {
        return exchange(head("POST", path, headers(apiKey, contentType, "Content-Length: " + body.length)), body,
                timeout);
    }

    static String[] headers(String apiKey, String contentType, String... more) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (apiKey != null) {
            lines.add("Authorization: Bearer " + apiKey);
        }
        if (contentType != null) {
            lines.add("Content-Type: " + contentType);
        }
        lines.addAll(java.util.List.of(more));
        return lines.toArray(String[]::new);
    }

    /** Sends {@code head} then {@code body} (either may be anything) and reads the answer until the server closes. */
    static Answer exchange(byte[] head, byte[] body, Duration timeout) {
        return exchange(head, body, timeout, false);
    }

    /**
     * As {@link #exchange(byte[], byte[], Duration)}; with {@code halfClose} the socket's output is shut down
     * after sending, so a server waiting for the rest of a malformed request sees its end instead of waiting.
     */
    static Answer exchange(byte[] head, byte[] body, Duration timeout, boolean halfClose) {
        return exchange(head, body, timeout, halfClose, null);
    }

    /**
     * As {@link #exchange(byte[], byte[], Duration, boolean)} from the local address {@code from} (e.g. 127.0.0.2:
     * all of 127/8 is loopback), so the server sees another client address; null for the default.
     */
    static Answer exchange(byte[] head, byte[] body, Duration timeout, boolean halfClose, InetAddress from) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = connect(timeout, from)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                if (body != null && body.length > 0) {
                    out.write(body);
                }
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedWhileSending) {
                // the server may have answered early and stopped reading: the answer is still worth reading
            }
            return read(socket, deadline);
        } catch (IOException e) {
            return new Answer(CLOSED, Map.of(), e.toString());
        }
    }

    static Socket connect(Duration timeout) throws IOException {
        return connect(timeout, null);
    }

    static Socket connect(Duration timeout, InetAddress from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                SwitchboardTestSupport.httpPort()), (int) Math.min(timeout.toMillis(), 5_000));
        return socket;
    }

    /** Reads until end of stream or the deadline, then parses what arrived. */
    static Answer read(Socket socket, long deadlineNanos) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        boolean timedOut = false;
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                if (received.size() < MAX_ANSWER_BYTES) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException reset) {
            // a reset after (part of) an answer: parse what arrived
        }
        return parse(received.toByteArray(), timedOut);
    }

    static Answer parse(byte[] bytes, boolean timedOut) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int endOfHead = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || endOfHead < 0 || text.length() < 12) {
            return new Answer(timedOut && bytes.length == 0 ? TIMED_OUT : CLOSED, Map.of(), text);
        }
        int status;
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return new Answer(CLOSED, Map.of(), text);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : text.substring(0, endOfHead).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] rawBody = java.util.Arrays.copyOfRange(bytes, endOfHead + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rawBody = unchunk(rawBody);
        }
        return new Answer(status, headers, new String(rawBody, StandardCharsets.UTF_8));
    }

    /** Chunked transfer coding removed, as far as complete chunks arrived. */
    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrlf(body, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            int start = lineEnd + 2;
            if (size == 0 || start + size > body.length) {
                out.write(body, start, Math.max(0, Math.min(size, body.length - start)));
                break;
            }
            out.write(body, start, size);
            at = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static String abbreviate(String text, int max) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
