package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.rest.internal.json.SseChunkWriter;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed chat request in flight, bridging core's {@link StreamListener} to the client's SSE stream.
 * Until the first chunk nothing is written, so an early failure is still a plain JSON error with its status;
 * after it, a failure becomes an SSE error event. When the client goes away (write failure, container
 * error or completion) the upstream call is cancelled.
 * <p>
 * Core calls in from network threads and the container from its own, so every state change holds the
 * exchange's lock; {@link StreamHandle#cancel()} is called outside it because cancelling may call back in.
 */
final class StreamExchange implements StreamListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamExchange.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ChatRequest request;
    private final String fallbackId;
    private final long created = System.currentTimeMillis() / 1000;

    private SseChunkWriter sse;
    private String instanceId;
    private String lastId;
    private String lastModel;
    private Usage lastUsage;
    private boolean finished;
    private boolean cancelWanted;
    private StreamHandle handle;

    private StreamExchange(AsyncContext async, HttpServletResponse response, ChatRequest request, String requestId) {
        this.async = async;
        this.response = response;
        this.request = request;
        this.fallbackId = "chatcmpl-" + requestId.substring(requestId.indexOf('_') + 1);
    }

    static void start(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                      ChatRequest request, String requestId) {
        StreamExchange exchange = new StreamExchange(async, response, request, requestId);
        async.addListener(exchange);
        StreamHandle handle;
        try {
            handle = gateway.chatStream(caller, request, exchange);
        } catch (RuntimeException e) {
            exchange.onError(ApiErrors.from(e));
            return;
        }
        exchange.attach(handle);
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
        this.instanceId = instanceId;
    }

    @Override
    public void onChunk(ChatChunk chunk) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (chunk.usage() != null) {
                lastUsage = chunk.usage();
            }
            // usage is sent once, at the end, in the shape the client asked for
            if (chunk.isUsageOnly()) {
                return;
            }
            try {
                open();
                lastId = chunk.id() == null ? lastId : chunk.id();
                lastModel = chunk.model() == null ? lastModel : chunk.model();
                sse.chunk(chunk);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Client went away mid-stream", e);
                finished = true;
                complete();
            }
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
                if (request.includeUsage()) {
                    Usage usage = summary != null && summary.usage() != null ? summary.usage() : lastUsage;
                    sse.usage(lastId, lastModel, usage);
                }
                sse.done();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Client went away before the end of the stream", e);
            }
            complete();
        }
    }

    @Override
    public synchronized void onError(GatewayException error) {
        if (finished) {
            return;
        }
        finished = true;
        report(error);
        complete();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            report(ApiErrors.deadlineExceeded());
            complete();
        }
        cancelUpstream();
    }

    @Override
    public void onError(AsyncEvent event) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            complete();
        }
        cancelUpstream();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
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
        }
        sse = new SseChunkWriter(response.getOutputStream(), fallbackId, request.model(), created,
                request.includeUsage());
    }

    private void report(GatewayException error) {
        try {
            if (sse == null) {
                ErrorResponse.send(response, error);
            } else {
                sse.error(error);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
        }
    }

    private void complete() {
        if (sse != null) {
            try {
                sse.close();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone; the buffers are released either way
            }
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container already completed the exchange
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
