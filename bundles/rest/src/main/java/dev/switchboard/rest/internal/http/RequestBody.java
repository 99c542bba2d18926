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
import javax.servlet.http.HttpServletRequest;
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
 * <p>
 * A body refused as too large (413) is read to its end and dropped first, still without blocking and within the
 * same deadline, as far as {@link RefusedBody}'s rule (shared with the admin API) allows: at most
 * {@link RefusedBody#MAX_DRAIN_BYTES} past the limit ({@link #refuseTooLarge} for a declared length, the same
 * reader for a chunked body that grows past the limit): a client such as Java's HttpClient or
 * the OpenAI SDK writes its whole body before it reads, and an answer with the body unread makes Jetty close the
 * connection; the client's next write then meets a reset that also wipes the 413 from its receive buffer, and it
 * sees "connection reset" instead. A larger body gets its 413 at once and the connection closes, as before.
 */
final class RequestBody implements ReadListener, WriteListener, AsyncListener {

    /** What the servlet does with a whole body: parse it and create (not start) the exchange that serves it. */
    @FunctionalInterface
    interface Consumer {
        Exchange exchangeFor(byte[] body, int length) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RequestBody.class);
    private static final int UNKNOWN_LENGTH_CAPACITY = 4096;
    private static final int SINK_BYTES = 8192;

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
    /** The 413 waiting for the rest of the body to be dropped, and how many more bytes may be dropped for it. */
    private GatewayException refusal;
    private long drainLeft;
    private volatile Exchange exchange;
    private final ErrorBodyWriter errors;

    private RequestBody(AsyncContext async, HttpServletResponse response, ServletInputStream in, long limit,
                        int capacity, long timeoutMillis, ErrorBodyWriter errors, Consumer consumer) {
        this.errors = errors;
        this.async = async;
        this.response = response;
        this.in = in;
        this.bounded = new BoundedInputStream(in, limit);
        this.limit = limit;
        this.consumer = consumer;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.body = new byte[capacity];
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
        // a declared length (already checked against the limit) sizes the buffer at once; one byte more sees the end
        int capacity = contentLength >= 0 ? (int) contentLength + 1 : UNKNOWN_LENGTH_CAPACITY;
        listen(async, response, new RequestBody(async, response, in, limit, capacity, timeoutMillis, errors,
                consumer));
    }

    /**
     * Refuses a body declared larger than {@code limit} (413). When {@link RefusedBody#drains} lets it, the
     * request goes async and the body is read and dropped without blocking (bounded by {@code timeoutMillis}, then
     * the 413 goes out anyway); a larger one is refused at once: the 413 is thrown, for the servlet to answer
     * before any of the body is read.
     */
    static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long limit, long declared,
                               long timeoutMillis, ErrorBodyWriter errors) throws IOException {
        GatewayException tooLarge = ApiErrors.bodyTooLarge(limit);
        if (!RefusedBody.drains(declared, limit)) {
            throw tooLarge;
        }
        AsyncContext async = request.startAsync();
        // the drain is bounded by the body's deadline even when the client sends nothing more
        async.setTimeout(Math.max(0, timeoutMillis));
        RequestBody reader = new RequestBody(async, response, request.getInputStream(), limit, 0, timeoutMillis,
                errors, null);
        reader.refusal = tooLarge;
        reader.drainLeft = RefusedBody.dropAllowance(limit, 0);
        listen(async, response, reader);
    }

    private static void listen(AsyncContext async, HttpServletResponse response, RequestBody reader)
            throws IOException {
        async.addListener(reader);
        response.getOutputStream().setWriteListener(reader);
        reader.in.setReadListener(reader);
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
                    // a refused body that is still arriving gets its 413, without the rest
                    refused = refusal != null ? refusal : ApiErrors.bodyTimeout(timeoutMillis);
                } else if (refusal != null) {
                    if (dropped()) {
                        return;
                    }
                    refused = refusal;
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
                if (drainBeforeRefusing(refused)) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // Jetty's BadMessageException (broken chunked framing) is a RuntimeException: the client's fault too
                LOG.debug("Client failed while sending its body", e);
                refused = refusal != null ? refusal
                        : isTimeout(e) ? ApiErrors.bodyTimeout(timeoutMillis) : ApiErrors.unreadableRequest();
            }
            done = true;
        }
        refuse(refused);
    }

    /**
     * A chunked body that just grew past the limit (one byte past it was read): the rest is dropped as it comes, as
     * far as {@link RefusedBody#dropAllowance} lets it. Returns whether the 413 waits for it (false: refuse now, the
     * connection closes).
     */
    private boolean drainBeforeRefusing(GatewayException tooLarge) {
        refusal = tooLarge;
        drainLeft = RefusedBody.dropAllowance(limit, limit + 1);
        body = null;
        try {
            return dropped();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client failed while sending a body refused as too large", e);
            return false;
        }
    }

    /**
     * Reads and drops what has arrived of a refused body. Returns true while the rest may still come within the
     * bound (the next {@code onDataAvailable} or {@code onAllDataRead} goes on), false once it went past it.
     */
    private boolean dropped() throws IOException {
        if (body == null || body.length < SINK_BYTES) {
            body = new byte[SINK_BYTES];
        }
        while (in.isReady()) {
            int n = in.read(body, 0, body.length);
            if (n < 0) {
                return true;
            }
            drainLeft -= n;
            if (drainLeft < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onAllDataRead() {
        GatewayException refused;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            refused = refusal;
        }
        if (refused != null) {
            // all of the refused body was read: the 413 goes out on a connection that stays usable
            body = null;
            respond(refused);
            return;
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
        GatewayException refused;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            refused = refusal;
        }
        LOG.debug("Reading the request body failed", failure);
        // Jetty's idle timeout is the client going silent; anything else is a body that cannot be read
        // (broken chunked framing, a reset) and the client's fault, not a slow client
        refuse(refused != null ? refused
                : isTimeout(failure) ? ApiErrors.bodyTimeout(timeoutMillis) : ApiErrors.unreadableRequest());
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
        GatewayException refused;
        synchronized (this) {
            done = true;
            refused = refusal;
        }
        refuse(refused != null ? refused : ApiErrors.bodyTimeout(timeoutMillis));
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
