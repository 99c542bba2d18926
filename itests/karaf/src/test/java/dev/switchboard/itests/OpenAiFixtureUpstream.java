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
 * An OpenAI upstream on loopback that answers every endpoint Switchboard serves in OpenAI's documented wire
 * format (shapes from the API reference): chat plain, streamed, and with a tool call when the request has
 * tools; embeddings (one 3-float vector per input); images (b64_json or url); legacy completions; speech
 * (bytes, in two flushed pieces); transcriptions and translations (json or text); legacy completions streamed;
 * the Responses API itself, plain, streamed (named events) and with a function call. For an {@code openai}
 * instance's {@code base.url}. One request per connection ({@code Connection: close}).
 */
final class OpenAiFixtureUpstream implements AutoCloseable {

    static final String ANSWER = "Hello from the stub";
    static final String SPEECH = "ID3-stub-audio";
    private static final String USAGE = "{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}";

    private final ServerSocket server;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    OpenAiFixtureUpstream() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger names = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "fixture-upstream-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "fixture-upstream-accept");
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
            String path = request.substring(request.indexOf(' ') + 1, request.indexOf(' ', request.indexOf(' ') + 1));
            String body = request.substring(request.indexOf("\r\n\r\n") + 4);
            String compact = body.replace(" ", "");
            OutputStream out = socket.getOutputStream();
            switch (path) {
                case "/v1/chat/completions" -> {
                    boolean tools = compact.contains("\"tools\":");
                    if (compact.contains("\"stream\":true")) {
                        chatStream(out, tools);
                    } else {
                        json(out, tools ? chatToolCall() : chat());
                    }
                }
                case "/v1/embeddings" -> json(out, embeddings(compact.contains("\"input\":[\"first\",\"second\"]") ? 2 : 1));
                case "/v1/images/generations" -> json(out, compact.contains("\"response_format\":\"url\"")
                        ? "{\"created\":1713833628,\"data\":[{\"url\":\"https://images.example/otter.png\"}]}"
                        : "{\"created\":1713833628,\"data\":[{\"b64_json\":\"iVBORw0KGgo=\",\"revised_prompt\":"
                                + "\"An otter.\"}]}");
                case "/v1/completions" -> {
                    if (compact.contains("\"stream\":true")) {
                        completionStream(out);
                        return;
                    }
                    json(out, "{\"id\":\"cmpl-stub\",\"object\":\"text_completion\","
                        + "\"created\":1589478378,\"model\":\"stub-instruct\",\"choices\":[{\"text\":\"\\n\\nThis is "
                        + "indeed a test\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":"
                        + "{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}");
                }
                case "/v1/responses" -> {
                    boolean tools = compact.contains("\"tools\":");
                    if (compact.contains("\"stream\":true")) {
                        responsesStream(out);
                    } else {
                        json(out, tools ? RESPONSE_TOOL_CALL : response("completed"));
                    }
                }
                case "/v1/audio/speech" -> speech(out);
                case "/v1/audio/transcriptions", "/v1/audio/translations" -> {
                    if (body.contains("name=\"response_format\"\r\n\r\ntext\r\n")) {
                        answer(out, "text/plain; charset=utf-8", "The beach was a popular spot.\n");
                    } else {
                        json(out, "{\"text\":\"The beach was a popular spot.\",\"usage\":{\"type\":\"duration\","
                                + "\"seconds\":9}}");
                    }
                }
                default -> answer(out, 404, "application/json", "{\"error\":{\"message\":\"Unknown path " + path
                        + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}");
            }
        } catch (IOException e) {
            // the gateway hung up or the stub is closing
        }
    }

    /**
     * A Responses API answer as OpenAI writes it, with what a mapping onto chat could not make: a reasoning item
     * with its encrypted content, the stored id, reasoning and text settings, and a field no version of the gateway
     * knows ({@code x_vendor_note}).
     */
    private static String response(String status) {
        return "{\"id\":\"resp_stub\",\"object\":\"response\",\"created_at\":1741476542,\"status\":\"" + status
                + "\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
                + "\"model\":\"stub-chat\",\"output\":[{\"type\":\"reasoning\",\"id\":\"rs_stub\",\"summary\":[],"
                + "\"encrypted_content\":\"gAAAA-stub\"},{\"type\":\"message\",\"id\":\"msg_stub\",\"status\":"
                + "\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + ANSWER
                + "\",\"annotations\":[],\"logprobs\":[]}]}],\"parallel_tool_calls\":true,\"previous_response_id\":"
                + "null,\"reasoning\":{\"effort\":\"low\",\"summary\":null},\"service_tier\":\"default\",\"store\":true,"
                + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},"
                + "\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
                + "{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":4},\"output_tokens\":4,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":2},\"total_tokens\":13},\"user\":null,"
                + "\"metadata\":{},\"x_vendor_note\":\"kept\"}";
    }

    private static final String RESPONSE_TOOL_CALL = "{\"id\":\"resp_stub_tool\",\"object\":\"response\","
            + "\"created_at\":1741476542,\"status\":\"completed\",\"error\":null,\"model\":\"stub-chat\",\"output\":"
            + "[{\"type\":\"function_call\",\"id\":\"fc_stub\",\"call_id\":\"call_abc123\",\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\",\"status\":\"completed\"}],\"parallel_tool_calls\":true,"
            + "\"tools\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":4,\"total_tokens\":13},\"metadata\":{}}";

    /** A streamed Responses API answer, event names and sequence numbers as OpenAI sends them. */
    private static void responsesStream(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        int sequence = 0;
        event(out, "response.created", "{\"type\":\"response.created\",\"sequence_number\":" + sequence++
                + ",\"response\":" + response("in_progress") + "}");
        event(out, "response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":"
                + sequence++ + ",\"output_index\":0,\"item\":{\"id\":\"msg_stub\",\"type\":\"message\",\"status\":"
                + "\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
        for (String piece : new String[] {"Hello", " from", " the", " stub"}) {
            event(out, "response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
                    + sequence++ + ",\"item_id\":\"msg_stub\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                    + piece + "\",\"logprobs\":[],\"obfuscation\":\"stub" + sequence + "\"}");
        }
        event(out, "response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + sequence
                + ",\"response\":" + response("completed") + "}");
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A streamed legacy completion ({@code text_completion} chunks, the usage chunk, {@code [DONE]}). */
    private static void completionStream(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String[] pieces = {"\\n\\nThis", " is", " indeed", " a", " test"};
        for (int i = 0; i < pieces.length; i++) {
            data(out, "{\"id\":\"cmpl-stub\",\"object\":\"text_completion\",\"created\":1690759702,\"choices\":"
                    + "[{\"text\":\"" + pieces[i] + "\",\"index\":0,\"logprobs\":null,\"finish_reason\":"
                    + (i == pieces.length - 1 ? "\"length\"" : "null") + "}],\"model\":\"stub-instruct\"}");
        }
        data(out, "{\"id\":\"cmpl-stub\",\"object\":\"text_completion\",\"created\":1690759702,\"choices\":[],"
                + "\"model\":\"stub-instruct\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}");
        data(out, "[DONE]");
    }

    private static String chat() {
        return "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"stub-chat\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\","
                + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":"
                + USAGE + ",\"service_tier\":\"default\"}";
    }

    private static String chatToolCall() {
        return "{\"id\":\"chatcmpl-stub-tool\",\"object\":\"chat.completion\",\"created\":1741569952,"
                + "\"model\":\"stub-chat\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}],\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":" + USAGE + "}";
    }

    private static String embeddings(int count) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < count; i++) {
            data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":").append(i == 0 ? "[0.0023064255,-0.009327292,-0.0028842222]"
                            : "[0.5,-0.25,0.001]").append('}');
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"stub-embed\",\"usage\":{\"prompt_tokens\":8,"
                + "\"total_tokens\":8}}";
    }

    private static void chatStream(OutputStream out, boolean tools) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk(out, "{\"role\":\"assistant\",\"content\":" + (tools ? "null" : "\"\"") + "}", "null");
        if (tools) {
            chunk(out, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_abc123\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null");
            chunk(out, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", "null");
            chunk(out, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}", "null");
            chunk(out, "{}", "\"tool_calls\"");
        } else {
            for (String piece : new String[] {"Hello", " from", " the", " stub"}) {
                chunk(out, "{\"content\":\"" + piece + "\"}", "null");
            }
            chunk(out, "{}", "\"stop\"");
        }
        data(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-chat\","
                + "\"choices\":[],\"usage\":" + USAGE + "}");
        data(out, "[DONE]");
    }

    private static void chunk(OutputStream out, String delta, String finishReason) throws IOException {
        data(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + finishReason + "}]}");
    }

    private static void data(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void speech(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] audio = SPEECH.getBytes(StandardCharsets.ISO_8859_1);
        int half = audio.length / 2;
        writeChunk(out, audio, 0, half);
        writeChunk(out, audio, half, audio.length - half);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void writeChunk(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void json(OutputStream out, String body) throws IOException {
        answer(out, 200, "application/json", body);
    }

    private static void answer(OutputStream out, String type, String body) throws IOException {
        answer(out, 200, type, body);
    }

    private static void answer(OutputStream out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The head and the body (Content-Length or chunked), as ISO-8859-1 text so binary uploads survive. */
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
        int length = -1;
        boolean chunked = false;
        for (String line : headText.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            return headText + new String(in.readNBytes(Math.max(0, Math.min(length, 8 * 1024 * 1024))),
                    StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                in.readNBytes(2);
                return headText + body.toString(StandardCharsets.ISO_8859_1);
            }
            body.write(in.readNBytes(n));
            in.readNBytes(2);
        }
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
