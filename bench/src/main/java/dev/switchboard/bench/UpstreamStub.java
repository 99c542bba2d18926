package dev.switchboard.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An upstream that speaks OpenAI Chat Completions ({@code POST /v1/chat/completions}) and Embeddings
 * ({@code POST /v1/embeddings}: one 1536-float vector) as cheaply as a real
 * HTTP server can: a bare Jetty 9.4 handler (the same server the gateway runs on), keep-alive, canned bodies.
 * Non-streaming answers are one JSON with usage; {@code "stream":true} answers {@code chunks} SSE events
 * {@code gapMillis} apart, each flushed on its own, then the finish chunk, the usage chunk (when
 * {@code stream_options.include_usage} asks for it) and {@code data: [DONE]}. Every content delta carries the
 * marker {@code ~kN~} so the driver can tell content events from the rest through any re-serialisation.
 *
 * <p>Run: {@code UpstreamStub [--port 0] [--chunks 20] [--gap-ms 5]}; prints {@code listening <port>}.
 */
public final class UpstreamStub {

    static final String CONTENT_MARKER = "~k";

    private final Server server;
    private final ServerConnector connector;

    public UpstreamStub(int port, int chunks, double gapMillis) {
        QueuedThreadPool threads = new QueuedThreadPool(256, 4);
        threads.setName("stub");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);
        server.setHandler(new ChatCompletions(chunks, (long) (gapMillis * 1_000_000)));
    }

    public int start() throws Exception {
        server.start();
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        UpstreamStub stub = new UpstreamStub(a.integer("--port", 0), a.integer("--chunks", 20),
                a.decimal("--gap-ms", 5));
        int port = stub.start();
        System.out.println("listening " + port);
        System.out.flush();
        // the parent ends us (destroy) or closes our stdin when it is done
        while (System.in.read() >= 0) {
            // ignore input
        }
        stub.stop();
        System.exit(0);
    }

    private static final class ChatCompletions extends AbstractHandler {

        private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello from the benchmark stub. This answer is canned and short.\"},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":12,\"total_tokens\":36}}")
                .getBytes(StandardCharsets.US_ASCII);
        private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\",\"choices\":[";
        private static final byte[] FINISH = (CHUNK_HEAD
                + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        private static final byte[] USAGE = (CHUNK_HEAD
                + "],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":20,\"total_tokens\":44}}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

        /** One text-embedding-3-small sized vector (1536 floats), as {@code POST /v1/embeddings} answers it. */
        static final byte[] EMBEDDINGS = embeddings(1536);
        /** The same vector as base64 of little-endian float32, as OpenAI answers {@code encoding_format: base64}. */
        static final byte[] EMBEDDINGS_BASE64 = embeddingsBase64(1536);

        private final byte[][] contentChunks;
        private final long gapNanos;

        private static byte[] embeddings(int dimensions) {
            StringBuilder json = new StringBuilder("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
                    + "\"index\":0,\"embedding\":[");
            for (int i = 0; i < dimensions; i++) {
                // deterministic, varied values of the usual magnitude and length
                json.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.9f",
                        Math.sin(i * 0.37) * 0.05));
            }
            json.append("]}],\"model\":\"bench-embed\",\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}");
            return json.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] embeddingsBase64(int dimensions) {
            java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(dimensions * 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < dimensions; i++) {
                floats.putFloat((float) (Math.sin(i * 0.37) * 0.05));
            }
            return ("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":\""
                    + java.util.Base64.getEncoder().encodeToString(floats.array())
                    + "\"}],\"model\":\"bench-embed\",\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        ChatCompletions(int chunks, long gapNanos) {
            this.gapNanos = gapNanos;
            contentChunks = new byte[chunks][];
            for (int i = 0; i < chunks; i++) {
                String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"" + CONTENT_MARKER + i + "~ \"}"
                        : "{\"content\":\"" + CONTENT_MARKER + i + "~ \"}";
                contentChunks[i] = (CHUNK_HEAD + "{\"index\":0,\"delta\":" + delta
                        + ",\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.US_ASCII);
            }
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            base.setHandled(true);
            if ("POST".equals(request.getMethod()) && target.endsWith("/embeddings")) {
                byte[] asked = request.getInputStream().readAllBytes();
                byte[] answer = new String(asked, StandardCharsets.UTF_8).contains("\"base64\"")
                        ? EMBEDDINGS_BASE64 : EMBEDDINGS;
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
                return;
            }
            if (!"POST".equals(request.getMethod()) || !target.endsWith("/chat/completions")) {
                response.setStatus(404);
                return;
            }
            byte[] body = request.getInputStream().readAllBytes();
            if (JsonScan.isTrue(body, "\"stream\"")) {
                stream(response, JsonScan.isTrue(body, "\"include_usage\""));
            } else {
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(COMPLETION.length);
                response.getOutputStream().write(COMPLETION);
            }
        }

        private void stream(HttpServletResponse response, boolean includeUsage) throws IOException {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setHeader("Cache-Control", "no-cache");
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < contentChunks.length; i++) {
                if (i > 0) {
                    pause(gapNanos);
                }
                out.write(contentChunks[i]);
                out.flush();
            }
            out.write(FINISH);
            if (includeUsage) {
                out.write(USAGE);
            }
            out.write(DONE);
            out.flush();
        }

        private static void pause(long nanos) {
            long until = System.nanoTime() + nanos;
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /** Finds {@code "key" : true} in a JSON body without parsing it: the stub must not cost what it measures. */
    static final class JsonScan {
        private JsonScan() {
        }

        static boolean isTrue(byte[] body, String quotedKey) {
            byte[] key = quotedKey.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + key.length <= body.length; i++) {
                for (int k = 0; k < key.length; k++) {
                    if (body[i + k] != key[k]) {
                        continue outer;
                    }
                }
                int j = skipSpace(body, i + key.length);
                if (j < body.length && body[j] == ':') {
                    j = skipSpace(body, j + 1);
                    return j + 4 <= body.length && body[j] == 't' && body[j + 1] == 'r' && body[j + 2] == 'u'
                            && body[j + 3] == 'e';
                }
            }
            return false;
        }

        private static int skipSpace(byte[] b, int i) {
            while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
                i++;
            }
            return i;
        }
    }
}
