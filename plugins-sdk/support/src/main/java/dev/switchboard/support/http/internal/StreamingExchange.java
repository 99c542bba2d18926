package dev.switchboard.support.http.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.TransportFailures;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.http.UpstreamStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming call: passes a 2xx body on as it arrives, buffers a non-2xx body for the caller's error
 * mapping, and guarantees exactly one terminal callback (none after cancel).
 */
public final class StreamingExchange implements Response.Listener, UpstreamStream {

    /** The handle of a call that failed before it started. */
    public static final UpstreamStream DONE = new UpstreamStream() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(StreamingExchange.class);

    private final HttpClient client;
    private final Request request;
    private final URI uri;
    private final String provider;
    private final BodyStreamListener listener;
    private final Function<UpstreamResponse, ProviderException> errors;
    private final int maxErrorBodyBytes;
    private final UpstreamBuffers.Lease lease;
    private final AtomicBoolean done = new AtomicBoolean();

    private volatile Scheduler.Task headersDeadline;
    private int status;
    private HttpFields headers;
    private ByteArrayOutputStream errorBody;

    public StreamingExchange(HttpClient client, Request request, URI uri, String provider, BodyStreamListener listener,
                             Function<UpstreamResponse, ProviderException> errors, int maxErrorBodyBytes,
                             UpstreamBuffers.Lease lease) {
        this.client = client;
        this.request = request;
        this.uri = uri;
        this.provider = provider;
        this.listener = listener;
        this.errors = errors;
        this.maxErrorBodyBytes = maxErrorBodyBytes;
        this.lease = lease;
    }

    public static void failed(BodyStreamListener listener, ProviderException error) {
        listener.onError(error);
    }

    public void start(Duration untilHeaders) {
        if (untilHeaders != null) {
            long millis = untilHeaders.toMillis();
            headersDeadline = client.getScheduler().schedule(
                    () -> request.abort(new TimeoutException("no response within " + millis + " ms")),
                    millis, TimeUnit.MILLISECONDS);
        }
        request.send(this);
    }

    @Override
    public void cancel() {
        if (done.compareAndSet(false, true)) {
            cancelDeadline();
            request.abort(new CancellationException("stream cancelled"));
            lease.release();
        }
    }

    @Override
    public boolean isDone() {
        return done.get();
    }

    @Override
    public void onHeaders(Response response) {
        cancelDeadline();
        status = response.getStatus();
        headers = response.getHeaders();
        if (!isSuccess()) {
            errorBody = new ByteArrayOutputStream(1024);
            return;
        }
        if (done.get()) {
            return;
        }
        try {
            listener.onOpen(status, headers);
        } catch (RuntimeException e) {
            failFromListener(e);
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        if (done.get()) {
            return;
        }
        if (!isSuccess()) {
            int room = maxErrorBodyBytes - errorBody.size();
            int n = Math.min(room, content.remaining());
            // an error body the node has no room for is cut short; the status still says what happened
            if (n <= 0 || !lease.hold(n)) {
                return;
            }
            for (int i = 0; i < n; i++) {
                errorBody.write(content.get());
            }
            return;
        }
        try {
            listener.onContent(content);
        } catch (RuntimeException e) {
            failFromListener(e);
        }
    }

    @Override
    public void onComplete(Result result) {
        try {
            complete(result);
        } finally {
            lease.release();
        }
    }

    private void complete(Result result) {
        cancelDeadline();
        if (result.isFailed()) {
            if (done.compareAndSet(false, true)) {
                deliverError(TransportFailures.toException(provider, uri, result.getFailure()));
            }
            return;
        }
        if (!isSuccess()) {
            if (done.compareAndSet(false, true)) {
                UpstreamResponse answer = new UpstreamResponse(status, headers, errorBody.toByteArray());
                ProviderException error;
                try {
                    error = errors.apply(answer);
                } catch (RuntimeException e) {
                    error = new ProviderException(ErrorCode.INTERNAL, provider + ": error mapping failed for status "
                            + status, true, null, status, e);
                }
                deliverError(error);
            }
            return;
        }
        if (done.compareAndSet(false, true)) {
            try {
                listener.onComplete();
            } catch (RuntimeException e) {
                deliverError(fromListener(e));
            }
        }
    }

    private boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    private void failFromListener(RuntimeException e) {
        if (done.compareAndSet(false, true)) {
            request.abort(new CancellationException("stream ended by its listener"));
            deliverError(fromListener(e));
        }
    }

    private ProviderException fromListener(RuntimeException e) {
        if (e instanceof ProviderException) {
            return (ProviderException) e;
        }
        return new ProviderException(ErrorCode.INTERNAL, provider + ": failed to read the stream: "
                + e.getClass().getSimpleName() + " (" + TransportFailures.origin(uri) + ")", true, null, status, e);
    }

    private void deliverError(ProviderException error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("{}: stream listener failed in onError", provider, e);
        }
    }

    private void cancelDeadline() {
        Scheduler.Task task = headersDeadline;
        if (task != null) {
            task.cancel();
        }
    }
}
