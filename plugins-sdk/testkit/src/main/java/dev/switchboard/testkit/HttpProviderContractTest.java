package dev.switchboard.testkit;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;

/**
 * The {@link ProviderContractTest} for a provider that calls an HTTP upstream: the upstream is a
 * {@link LoopbackUpstream} on 127.0.0.1, and the subclass supplies only its wire format (what a complete answer,
 * a streamed answer and an error look like) and an instance pointed at {@link #baseUrl()}.
 *
 * <pre>{@code
 * public class AcmeContractTest extends HttpProviderContractTest {
 *     protected ProviderInstance createInstance(String baseUrl) { ... new AcmeInstance(config(baseUrl), client) ... }
 *     protected String model() { return "acme-1"; }
 *     protected String answerBody(String text, Usage usage) { return "{...}"; }
 *     protected List<String> answerEvents(String text, Usage usage) { return List.of("{...}", ..., "[DONE]"); }
 *     protected String errorBody(int status) { return "{\"error\":{...}}"; }
 * }
 * }</pre>
 */
public abstract class HttpProviderContractTest extends ProviderContractTest {

    /** The usage every scripted answer reports. */
    protected static final Usage USAGE = new Usage(11, 7);

    protected LoopbackUpstream upstream;

    @Before
    public final void startUpstream() throws Exception {
        upstream = LoopbackUpstream.start();
    }

    @After
    public final void stopUpstream() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
    }

    /** An instance of the provider whose base URL is {@code baseUrl} (the stub's, {@code http://127.0.0.1:port}). */
    protected abstract ProviderInstance createInstance(String baseUrl) throws Exception;

    /** The upstream's complete (non-streamed) answer: {@code text}, finish reason "stop", {@code usage}. */
    protected abstract String answerBody(String text, Usage usage);

    /**
     * The data of each event of the upstream's streamed answer, in order: the role, {@code text} in one or more
     * content events, the finish reason "stop", {@code usage}, and the upstream's end marker if it has one.
     */
    protected abstract List<String> answerEvents(String text, Usage usage);

    /** The events of a stream that has sent the role and {@code partial} content and is not finished. */
    protected abstract List<String> partialEvents(String partial);

    /** The upstream's error body for an HTTP status. */
    protected abstract String errorBody(int status);

    /**
     * Whether the upstream streams newline-delimited JSON (one object per line, e.g. Ollama) instead of server-sent
     * events; then {@link #answerEvents} and {@link #partialEvents} are the lines.
     */
    protected boolean streamsNdjson() {
        return false;
    }

    protected String baseUrl() {
        return upstream.baseUrl();
    }

    /**
     * The content type of the upstream's streamed answer. Server-sent events by default; a provider whose upstream
     * streams another format (AWS's binary {@code application/vnd.amazon.eventstream}) overrides this and
     * {@link #frameEvent}.
     */
    protected String streamContentType() {
        return streamsNdjson() ? "application/x-ndjson" : "text/event-stream; charset=utf-8";
    }

    /**
     * The bytes on the wire for one element of {@link #answerEvents} / {@link #partialEvents} (and of the malformed
     * stream: {@code {"this is": not json} then {@code [DONE]}). By default an SSE event {@code data: <event>}.
     */
    protected byte[] frameEvent(String event) {
        return streamsNdjson() ? (event + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : LoopbackUpstream.sse(event);
    }

    private List<byte[]> framed(List<String> events) {
        List<byte[]> parts = new ArrayList<>(events.size());
        for (String event : events) {
            parts.add(frameEvent(event));
        }
        return parts;
    }

    @Override
    protected final ProviderInstance createInstance() throws Exception {
        return createInstance(baseUrl());
    }

    @Override
    protected Usage scriptAnswer(String text, boolean stream) {
        upstream.reply(stream ? LoopbackUpstream.stream(streamContentType(), framed(answerEvents(text, USAGE)))
                : LoopbackUpstream.json(200, answerBody(text, USAGE)));
        return USAGE;
    }

    @Override
    protected void scriptFailure(int status, Map<String, String> headers, boolean stream) {
        String[] pairs = new String[headers.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            pairs[i++] = header.getKey();
            pairs[i++] = header.getValue();
        }
        upstream.reply(LoopbackUpstream.json(status, errorBody(status), pairs));
    }

    @Override
    protected void scriptHang(boolean stream) {
        upstream.reply(LoopbackUpstream.hang());
    }

    @Override
    protected void scriptStreamThenHang(String partial) {
        upstream.reply(LoopbackUpstream.streamThenHang(streamContentType(), framed(partialEvents(partial))));
    }

    @Override
    protected void scriptResetMidStream(String partial) {
        upstream.reply(LoopbackUpstream.streamThenReset(streamContentType(), framed(partialEvents(partial))));
    }

    @Override
    protected void scriptMalformed(boolean stream) {
        upstream.reply(stream ? LoopbackUpstream.stream(streamContentType(), framed(List.of("{\"this is\": not json", "[DONE]")))
                : LoopbackUpstream.json(200, "{\"this is\": not json"));
    }

    @Override
    protected boolean awaitUpstreamCancelled() throws InterruptedException {
        return upstream.awaitClientGone(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
