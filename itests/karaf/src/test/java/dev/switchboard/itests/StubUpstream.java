package dev.switchboard.itests;

import static dev.switchboard.itests.StubServer.json;
import static dev.switchboard.itests.StubServer.sse;
import static dev.switchboard.itests.StubServer.streamHead;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow OpenAI-compatible upstream on loopback, for an {@code openai} instance to call: a streamed chat
 * trickles a chunk every 200 ms for {@code hold} (or until the gateway hangs up), a plain chat answers at
 * once. It lets a test hold many upstream connections open, as real long answers do. Every connection gets
 * {@code Connection: close}; at most {@value #MAX_CONNECTIONS} are served at once.
 */
final class StubUpstream implements AutoCloseable {

    static final String ANSWER = "stub answer";
    private static final int MAX_CONNECTIONS = 120;

    private final StubServer server;
    private final Duration hold;
    private final AtomicInteger openStreams = new AtomicInteger();

    private StubUpstream(Duration hold) throws IOException {
        this.hold = hold;
        this.server = StubServer.start("hostile-stub", MAX_CONNECTIONS, this::serve);
    }

    static StubUpstream start(Duration hold) throws IOException {
        return new StubUpstream(hold);
    }

    /** The base URL an {@code openai} instance takes ({@code /chat/completions} is appended). */
    String baseUrl() {
        return server.origin() + "/v1";
    }

    int openStreams() {
        return openStreams.get();
    }

    int requests() {
        return server.requests();
    }

    private void serve(StubServer.Request request, Socket socket) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        if (request.compactBody().contains("\"stream\":true")) {
            stream(out);
        } else {
            json(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"hostile-slow\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
        }
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        openStreams.incrementAndGet();
        try {
            streamHead(out, "text/event-stream", "Cache-Control: no-cache");
            event(out, "{\"role\":\"assistant\",\"content\":\"\"}", "null");
            long end = System.nanoTime() + hold.toNanos();
            while (!server.closed() && System.nanoTime() < end) {
                Thread.sleep(200);
                event(out, "{\"content\":\"slow \"}", "null");
            }
            event(out, "{}", "\"stop\"");
            sse(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"hostile-slow\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
            sse(out, "[DONE]");
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private static void event(OutputStream out, String delta, String finishReason) throws IOException {
        sse(out, "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"hostile-slow\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + finishReason + "}]}");
    }

    @Override
    public void close() {
        server.close();
    }
}
