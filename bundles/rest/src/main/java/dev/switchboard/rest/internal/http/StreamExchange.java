package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.rest.internal.json.ChunkWriter;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed chat request in flight, bridging core's {@link StreamListener} to the client's SSE stream.
 * Until the first chunk nothing is written, so an early failure is still a plain JSON error with its status;
 * after it, a failure becomes an SSE error event. When the client goes away (write failure, container
 * error or completion) the upstream call is cancelled.
 * <p>
 * Writing never blocks the upstream thread that delivers a chunk: each event goes into the stream's
 * {@link ClientOutput} and is written and flushed at once while the client keeps up (no thread hop, no timer);
 * when it does not, events wait there and the container's {@link #onWritePossible()} sends them on. A client
 * further behind than {@code stream.buffer.bytes} is disconnected and its upstream call cancelled.
 * <p>
 * Core calls in from network threads and the container from its own, so every state change holds the
 * exchange's lock; {@link StreamHandle#cancel()} is called outside it because cancelling may call back in.
 */
final class StreamExchange implements StreamListener, Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(StreamExchange.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Gateway gateway;
    private final Caller caller;
    private final ChatRequest request;
    /** The response's {@code x-request-id}: the id core books the request under. */
    private final String requestId;
    private final String fallbackId;
    private final int bufferLimit;
    private final AnswerFormat format;
    private final long created = System.currentTimeMillis() / 1000;

    private ClientOutput output;
    private ChunkWriter sse;
    private String instanceId;
    private String cacheStatus = CacheStatus.MISS;
    private String lastId;
    private String lastModel;
    private Usage lastUsage;
    /** The chunk that carried the usage: its top-level fields and created go on the usage chunk we write. */
    private ChatChunk usageChunk;
    /** No more events from upstream: the stream ended, failed, or the client is gone. */
    private boolean finished;
    /** The exchange is handed back to the container. */
    private boolean completed;
    private boolean cancelWanted;
    private StreamHandle handle;

    StreamExchange(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                   ChatRequest request, String requestId, int bufferLimit) {
        this(async, response, gateway, caller, request, requestId, bufferLimit, AnswerFormat.OPENAI);
    }

    StreamExchange(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                   ChatRequest request, String requestId, int bufferLimit, AnswerFormat format) {
        this.format = format;
        this.async = async;
        this.response = response;
        this.gateway = gateway;
        this.caller = caller;
        this.request = request;
        this.requestId = requestId;
        this.fallbackId = "chatcmpl-" + requestId.substring(requestId.indexOf('_') + 1);
        this.bufferLimit = bufferLimit;
    }

    @Override
    public void start() {
        StreamHandle upstream;
        try {
            upstream = gateway.chatStream(caller, requestId, request, this);
        } catch (RuntimeException | Error e) {
            onError(ApiErrors.from(e, requestId));
            return;
        }
        attach(upstream);
    }

    private void attach(StreamHandle upstream) {
        boolean cancelNow;
        synchronized (this) {
            handle = upstream;
            cancelNow = cancelWanted;
        }
        if (cancelNow && upstream != null) {
            upstream.cancel();
        }
    }

    @Override
    public synchronized void onStart(String instanceId, String providerType) {
        onStart(instanceId, providerType, StreamListener.CACHE.equals(providerType) ? CacheStatus.HIT_L1 : CacheStatus.MISS);
    }

    @Override
    public synchronized void onStart(String instanceId, String providerType, String cacheStatus) {
        this.instanceId = instanceId;
        this.cacheStatus = cacheStatus;
    }

    @Override
    public void onChunk(ChatChunk chunk) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (chunk.usage() != null) {
                lastUsage = chunk.usage();
                usageChunk = chunk;
            }
            // usage is sent once, at the end, in the shape the client asked for
            if (chunk.isUsageOnly()) {
                return;
            }
            try {
                lastModel = chunk.model() == null ? lastModel : chunk.model();
                open();
                lastId = chunk.id() == null ? lastId : chunk.id();
                sse.chunk(chunk);
                if (output.drain() || output.buffered() <= bufferLimit) {
                    return;
                }
                LOG.debug("Client fell more than {} bytes behind its stream; disconnected", bufferLimit);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Client went away mid-stream", e);
            }
            finished = true;
            complete();
        }
        cancelUpstream();
    }

    @Override
    public void onComplete(StreamSummary summary) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            try {
                open();
                sse.end(lastId, lastModel, summary != null && summary.usage() != null ? summary.usage() : lastUsage,
                        usageChunk);
                completeWhenWritten(false);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Client went away before the end of the stream", e);
                complete();
            }
        }
    }

    @Override
    public synchronized void onError(GatewayException error) {
        if (finished) {
            return;
        }
        finished = true;
        report(error, false);
    }

    @Override
    public synchronized void onWritePossible() {
        if (completed || output == null) {
            return;
        }
        try {
            completeWhenWritten(false);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away mid-stream", e);
            finished = true;
            complete();
        }
    }

    @Override
    public void onError(Throwable failure) {
        // a write to the client failed: it is gone
        LOG.debug("Client went away mid-stream", failure);
        clientGone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        synchronized (this) {
            if (!finished) {
                finished = true;
                report(ApiErrors.deadlineExceeded(), true);
            }
            // the container wants the exchange completed now, even from a client still reading
            complete();
        }
        cancelUpstream();
    }

    @Override
    public void onError(AsyncEvent event) {
        clientGone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            completed = true;
            releaseBuffers();
            if (finished) {
                return;
            }
            finished = true;
        }
        cancelUpstream();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void clientGone() {
        synchronized (this) {
            if (finished && completed) {
                return;
            }
            finished = true;
            complete();
        }
        cancelUpstream();
    }

    /** Commits the SSE response on the first event; from here on errors can only be events. */
    private void open() throws IOException {
        if (sse != null) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        // reverse proxies (nginx) would otherwise buffer the stream and defeat the per-chunk flush
        response.setHeader("X-Accel-Buffering", "no");
        if (instanceId != null) {
            response.setHeader(CompletionExchange.PROVIDER_HEADER, instanceId);
            if (StreamListener.FALLBACK.equals(instanceId)) {
                response.setHeader(CompletionExchange.FALLBACK_HEADER, "true");
            }
        }
        if (lastModel != null) {
            // the first chunk's model: which model answered (an alias's candidate)
            response.setHeader(CompletionExchange.MODEL_HEADER, lastModel);
        }
        // as on a non-streamed answer: whether the gateway answered from its cache
        response.setHeader(CompletionExchange.CACHE_HEADER, cacheStatus);
        output = new ClientOutput(response.getOutputStream());
        sse = format.chunkWriter(output, fallbackId, request.model(), created, request.includeUsage());
    }

    private void report(GatewayException error, boolean now) {
        try {
            if (sse == null) {
                output = new ClientOutput(response.getOutputStream());
                if (ErrorResponse.send(output.capture(response), error, format.errors())) {
                    response.setContentLength(output.buffered());
                }
            } else {
                sse.error(error);
            }
            completeWhenWritten(now);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
            complete();
        }
    }

    /** Writes what the client takes now; once the stream is finished and all written, completes the exchange. */
    private void completeWhenWritten(boolean now) throws IOException {
        if ((output.drain() && finished) || now) {
            complete();
        }
    }

    private void complete() {
        if (completed) {
            return;
        }
        completed = true;
        releaseBuffers();
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container already completed the exchange
        }
    }

    private void releaseBuffers() {
        if (sse != null) {
            try {
                sse.close();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone; the buffers are released either way
            }
            sse = null;
        }
        if (output != null) {
            output.release();
        }
    }

    private void cancelUpstream() {
        StreamHandle upstream;
        synchronized (this) {
            cancelWanted = true;
            upstream = handle;
        }
        if (upstream != null) {
            upstream.cancel();
        }
    }
}
