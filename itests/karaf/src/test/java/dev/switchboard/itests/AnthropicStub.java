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
 * A loopback stand-in for Anthropic's Messages API ({@code POST /v1/messages}), for an {@code anthropic} instance to
 * call: a request offering tools (and not yet answering one) gets a {@code tool_use} of {@code get_weather} for
 * Paris, a request carrying a {@code tool_result} gets {@value #WEATHER}, any other {@value #ANSWER}; streamed
 * (SSE events as Anthropic sends them) when the request says {@code "stream":true}. It counts requests and
 * remembers whether the last one came with {@code x-api-key} and {@code anthropic-version}.
 */
final class AnthropicStub implements AutoCloseable {

    static final String ANSWER = "Hello from the Anthropic stub.";
    static final String WEATHER = "It is 18 degrees in Paris.";

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "anthropic-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean anthropicHeaders;
    private volatile boolean closed;

    AnthropicStub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "anthropic-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL an {@code anthropic} instance takes ({@code /messages} is appended). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int requests() {
        return requests.get();
    }

    boolean sawAnthropicHeaders() {
        return anthropicHeaders;
    }

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
            String request = readRequest(socket.getInputStream());
            requests.incrementAndGet();
            String lower = request.toLowerCase(Locale.ROOT);
            anthropicHeaders = lower.contains("\r\nx-api-key: ") && lower.contains("\r\nanthropic-version: ");
            String body = request.substring(request.indexOf("\r\n\r\n") + 4).replace(" ", "");
            boolean stream = body.contains("\"stream\":true");
            boolean toolUse = body.contains("\"tools\":") && !body.contains("\"tool_result\"");
            String text = body.contains("\"tool_result\"") ? WEATHER : ANSWER;
            OutputStream out = socket.getOutputStream();
            if (stream) {
                stream(out, toolUse, text);
            } else {
                String content = toolUse
                        ? "{\"type\":\"tool_use\",\"id\":\"toolu_stub_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}"
                        : "{\"type\":\"text\",\"text\":\"" + text + "\"}";
                byte[] json = ("{\"id\":\"msg_stub_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-stub\","
                        + "\"content\":[" + content + "],\"stop_reason\":\"" + (toolUse ? "tool_use" : "end_turn")
                        + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"cache_read_input_tokens\":4,"
                        + "\"output_tokens\":9}}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nrequest-id: req_stub\r\n"
                        + "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(json);
                out.flush();
            }
        } catch (IOException e) {
            // the gateway hung up or the stub is closing
        }
    }

    private static void stream(OutputStream out, boolean toolUse, String text) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_stub_2\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-stub\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"output_tokens\":1}}}");
        event(out, "ping", "{\"type\":\"ping\"}");
        if (toolUse) {
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_stub_2\",\"name\":\"get_weather\",\"input\":{}}}");
            for (String part : new String[] {"{\"city\":", " \"Par", "is\"}"}) {
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"" + part.replace("\"", "\\\"") + "\"}}");
            }
        } else {
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"text\",\"text\":\"\"}}");
            for (String word : text.split("(?<= )")) {
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"" + word + "\"}}");
            }
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                + (toolUse ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}");
        event(out, "message_stop", "{\"type\":\"message_stop\"}");
    }

    private static void event(OutputStream out, String type, String data) throws IOException {
        out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
