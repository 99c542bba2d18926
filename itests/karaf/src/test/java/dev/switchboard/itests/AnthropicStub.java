package dev.switchboard.itests;

import static dev.switchboard.itests.StubServer.respond;
import static dev.switchboard.itests.StubServer.sse;
import static dev.switchboard.itests.StubServer.streamHead;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

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

    private final StubServer server;

    AnthropicStub() throws IOException {
        server = StubServer.start("anthropic-stub", 8, AnthropicStub::serve);
    }

    /** The base URL an {@code anthropic} instance takes ({@code /messages} is appended). */
    String baseUrl() {
        return server.origin() + "/v1";
    }

    int requests() {
        return server.requests();
    }

    /** Whether the last request came with {@code x-api-key} and {@code anthropic-version}. */
    boolean sawAnthropicHeaders() {
        StubServer.Request last = server.last();
        return last != null && last.hasHeader("x-api-key", "") && last.hasHeader("anthropic-version", "");
    }

    private static void serve(StubServer.Request request, Socket socket) throws IOException {
        String body = request.compactBody();
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
            respond(out, 200, "application/json", "{\"id\":\"msg_stub_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-stub\",\"content\":[" + content + "],\"stop_reason\":\""
                    + (toolUse ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,"
                    + "\"cache_read_input_tokens\":4,\"output_tokens\":9}}", "request-id: req_stub");
        }
    }

    private static void stream(OutputStream out, boolean toolUse, String text) throws IOException {
        streamHead(out, "text/event-stream", "Cache-Control: no-cache");
        sse(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_stub_2\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-stub\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"output_tokens\":1}}}");
        sse(out, "ping", "{\"type\":\"ping\"}");
        if (toolUse) {
            sse(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_stub_2\",\"name\":\"get_weather\",\"input\":{}}}");
            for (String part : new String[] {"{\"city\":", " \"Par", "is\"}"}) {
                sse(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"" + part.replace("\"", "\\\"") + "\"}}");
            }
        } else {
            sse(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"text\",\"text\":\"\"}}");
            for (String word : text.split("(?<= )")) {
                sse(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"" + word + "\"}}");
            }
        }
        sse(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        sse(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                + (toolUse ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}");
        sse(out, "message_stop", "{\"type\":\"message_stop\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
