package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * No timer and no thread watches a body: the deadline is checked each time more of it arrives (a trickling
 * client gets its 408 with the first bytes past the deadline), and a client that sends nothing more is ended by
 * Jetty's connection idle timeout ({@link #onError(Throwable)}). So a body is bounded by the deadline plus at
 * most one idle timeout. Answering from the read callback, with no read pending, also lets Jetty close the
 * connection quietly (an answer while a read is pending makes it log a warning per connection).
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
    private final long deadlineNanos;
    private final long timeoutMillis;

    private byte[] body;
    private int length;
    private boolean done;
    private volatile Exchange exchange;
    private final ErrorBodyWriter errors;

    private RequestBody(AsyncContext async, HttpServletResponse response, ServletInputStream in, long limit,
                        long contentLength, long timeoutMillis, ErrorBodyWriter errors, Consumer consumer) {
        this.errors = errors;
        this.async = async;
        this.response = response;
        this.in = in;
        this.bounded = new BoundedInputStream(in, limit);
        this.limit = limit;
        this.consumer = consumer;
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
                     long timeoutMillis, Consumer consumer) throws IOException {
        read(async, response, limit, contentLength, timeoutMillis, AnswerFormat.OPENAI.errors(), consumer);
    }

    /** As above, refusing a body with the endpoint's error body. */
    static void read(AsyncContext async, HttpServletResponse response, long limit, long contentLength,
                     long timeoutMillis, ErrorBodyWriter errors, Consumer consumer) throws IOException {
        ServletInputStream in = async.getRequest().getInputStream();
        RequestBody reader = new RequestBody(async, response, in, limit, contentLength, timeoutMillis, errors,
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
                if (timeoutMillis > 0 && System.nanoTime() - deadlineNanos > 0) {
                    refused = ApiErrors.bodyTimeout(timeoutMillis);
                } else {
                    while (in.isReady()) {
                        if (length == body.length) {
                            body = Arrays.copyOf(body, (int) Math.min(Math.min(body.length * 2L, limit + 1),
                                    Integer.MAX_VALUE - 8));
                        }
                        int n = bounded.read(body, length, body.length - length);
                        if (n < 0) {
                            // the end: onAllDataRead follows
                            return;
                        }
                        length += n;
                    }
                    return;
                }
            } catch (BodyTooLargeException e) {
                refused = ApiErrors.bodyTooLarge(limit);
            } catch (IOException | RuntimeException e) {
                // Jetty's BadMessageException (broken chunked framing) is a RuntimeException: the client's fault too
                LOG.debug("Client failed while sending its body", e);
                refused = isTimeout(e) ? ApiErrors.bodyTimeout(timeoutMillis) : ApiErrors.unreadableRequest();
            }
            done = true;
        }
        refuse(refused);
    }

    @Override
    public void onAllDataRead() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        Exchange next;
        try {
            next = consumer.exchangeFor(body, length);
        } catch (GatewayException e) {
            respond(e);
            return;
        } catch (IOException | RuntimeException | Error e) {
            respond(ApiErrors.from(e, requestId()));
            return;
        } finally {
            body = null;
        }
        exchange = next;
        next.start();
    }

    private String requestId() {
        return response.getHeader(RequestId.HEADER);
    }

    @Override
    public void onError(Throwable failure) {
        // the client reset or went silent past Jetty's idle timeout while sending its body
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        LOG.debug("Reading the request body failed", failure);
        // Jetty's idle timeout is the client going silent; anything else is a body that cannot be read
        // (broken chunked framing, a reset) and the client's fault, not a slow client
        refuse(isTimeout(failure) ? ApiErrors.bodyTimeout(timeoutMillis) : ApiErrors.unreadableRequest());
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    /** An answer before the whole body was read: Jetty closes the connection, as the rest is never read. */
    private void refuse(GatewayException error) {
        body = null;
        respond(error);
    }

    /**
     * Sends an error without blocking: a client that cannot take a few hundred bytes at once is cut off instead.
     */
    private void respond(GatewayException error) {
        try {
            ClientOutput output = new ClientOutput(response.getOutputStream());
            if (ErrorResponse.send(output.capture(response), error, errors)) {
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
