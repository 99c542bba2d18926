package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a chat request's body without holding a thread while it arrives (Servlet 3.1 {@link ReadListener}),
 * bounded in bytes ({@code max.body.bytes}, 413) and in time ({@code body.read.timeout.ms}, 408), then hands
 * it to the servlet, which returns the {@link Exchange} that serves it. The connection's write and async events
 * are registered here once, when the request goes async, and passed on to that exchange.
 * <p>
 * A body that is all there when the request arrives (the usual small request) is read in the same container
 * callback, with no timer; the read deadline is only scheduled when the client makes us wait for more.
 */
final class RequestBody implements ReadListener, WriteListener, AsyncListener {

    /** What the servlet does with a whole body: parse it and create (not start) the exchange that serves it. */
    @FunctionalInterface
    interface Consumer {
        Exchange exchangeFor(byte[] body, int length) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RequestBody.class);
    private static final int UNKNOWN_LENGTH_CAPACITY = 4096;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletInputStream in;
    private final BoundedInputStream bounded;
    private final long limit;
    private final Consumer consumer;
    private final ScheduledExecutorService deadlines;
    private final long deadlineNanos;
    private final long timeoutMillis;

    private byte[] body;
    private int length;
    private boolean done;
    private ScheduledFuture<?> deadline;
    private volatile Exchange exchange;

    private RequestBody(AsyncContext async, HttpServletResponse response, ServletInputStream in, long limit,
                        long contentLength, long timeoutMillis, ScheduledExecutorService deadlines,
                        Consumer consumer) {
        this.async = async;
        this.response = response;
        this.in = in;
        this.bounded = new BoundedInputStream(in, limit);
        this.limit = limit;
        this.consumer = consumer;
        this.deadlines = deadlines;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // a declared length (already checked against the limit) sizes the buffer at once; one byte more sees the end
        this.body = new byte[contentLength >= 0 ? (int) contentLength + 1 : UNKNOWN_LENGTH_CAPACITY];
    }

    /**
     * Starts reading; call during the dispatch that started {@code async}, so the first read (and the first
     * write readiness) runs on this container thread as soon as the servlet returns.
     */
    static void read(AsyncContext async, HttpServletResponse response, long limit, long contentLength,
                     long timeoutMillis, ScheduledExecutorService deadlines, Consumer consumer) throws IOException {
        ServletInputStream in = async.getRequest().getInputStream();
        RequestBody reader = new RequestBody(async, response, in, limit, contentLength, timeoutMillis, deadlines,
                consumer);
        async.addListener(reader);
        response.getOutputStream().setWriteListener(reader);
        in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() {
        GatewayException refused = null;
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                while (in.isReady()) {
                    if (length == body.length) {
                        body = java.util.Arrays.copyOf(body, (int) Math.min(body.length * 2L, limit + 1));
                    }
                    int n = bounded.read(body, length, body.length - length);
                    if (n < 0) {
                        // the end: onAllDataRead follows
                        return;
                    }
                    length += n;
                }
                awaitMore();
                return;
            } catch (BodyTooLargeException e) {
                refused = ApiErrors.bodyTooLarge(limit);
            } catch (IOException e) {
                LOG.debug("Client failed while sending its body", e);
            }
            done = true;
            stopDeadline();
        }
        if (refused != null) {
            refuse(refused);
        } else {
            complete();
        }
    }

    /** The client makes us wait: from now on the read deadline runs (one timer, only for slow bodies). */
    private void awaitMore() {
        if (deadline != null || deadlines == null || timeoutMillis <= 0) {
            return;
        }
        long remaining = deadlineNanos - System.nanoTime();
        try {
            deadline = deadlines.schedule(this::deadlinePassed, Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the servlet is being destroyed; Jetty's idle timeout still ends a silent client
        }
    }

    private void deadlinePassed() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        refuse(ApiErrors.bodyTimeout(timeoutMillis));
    }

    @Override
    public void onAllDataRead() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            stopDeadline();
        }
        Exchange next;
        try {
            next = consumer.exchangeFor(body, length);
        } catch (GatewayException e) {
            respond(e, false);
            return;
        } catch (IOException | RuntimeException e) {
            respond(ApiErrors.from(e), false);
            return;
        } finally {
            body = null;
        }
        exchange = next;
        next.start();
    }

    @Override
    public void onError(Throwable failure) {
        // the client reset or went silent past Jetty's idle timeout while sending its body
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            stopDeadline();
        }
        LOG.debug("Reading the request body failed", failure);
        refuse(ApiErrors.bodyTimeout(timeoutMillis));
    }

    @Override
    public void onWritePossible() throws IOException {
        Exchange next = exchange;
        if (next != null) {
            next.onWritePossible();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        Exchange next = exchange;
        if (next != null) {
            next.onTimeout(event);
            return;
        }
        // the request deadline passed while the body was still arriving
        synchronized (this) {
            done = true;
            stopDeadline();
        }
        refuse(ApiErrors.bodyTimeout(timeoutMillis));
    }

    @Override
    public void onError(AsyncEvent event) throws IOException {
        Exchange next = exchange;
        if (next != null) {
            next.onError(event);
            return;
        }
        synchronized (this) {
            done = true;
            stopDeadline();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) throws IOException {
        Exchange next = exchange;
        if (next != null) {
            next.onComplete(event);
            return;
        }
        synchronized (this) {
            done = true;
            stopDeadline();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void stopDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** An answer before the whole body was read: the rest of it is never read, so the connection closes. */
    private void refuse(GatewayException error) {
        body = null;
        respond(error, true);
    }

    /**
     * Sends an error without blocking: a client that cannot take a few hundred bytes at once is cut off instead.
     */
    private void respond(GatewayException error, boolean closeConnection) {
        try {
            ClientOutput output = new ClientOutput(response.getOutputStream());
            if (ErrorResponse.send(output.capture(response), error)) {
                if (closeConnection) {
                    response.setHeader("Connection", "close");
                }
                response.setContentLength(output.buffered());
                output.drain();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
        }
        complete();
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container completed the exchange itself (client gone)
        }
    }
}
