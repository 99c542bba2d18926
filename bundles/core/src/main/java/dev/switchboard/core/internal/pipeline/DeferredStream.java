package dev.switchboard.core.internal.pipeline;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of a stream whose cache lookup is still answering (the semantic level waits for an embedding): the
 * client may go away before the stream begins. A cancel before {@link #begin} keeps the stream from starting and
 * gives the key's slot back; a cancel after it reaches the stream that began.
 */
final class DeferredStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredStream.class);

    private final Admission admission;
    private StreamHandle started;
    private boolean cancelled;

    DeferredStream(Admission admission) {
        this.admission = admission;
    }

    /** Starts the stream (a replay or a provider call) unless the client went away meanwhile. */
    void begin(Supplier<StreamHandle> start, StreamListener listener) {
        synchronized (this) {
            if (cancelled) {
                admission.permit().release();
                return;
            }
        }
        StreamHandle handle;
        try {
            handle = start.get();
        } catch (GatewayException e) {
            admission.permit().release();
            listener.onError(e);
            return;
        } catch (RuntimeException e) {
            admission.permit().release();
            LOG.warn("Stream failed to start after its cache lookup", e);
            listener.onError(new GatewayException(500, "api_error", null, null, "The stream could not be started.", null));
            return;
        }
        boolean cancelNow;
        synchronized (this) {
            started = handle;
            cancelNow = cancelled;
        }
        if (cancelNow) {
            handle.cancel();
        }
    }

    @Override
    public void cancel() {
        StreamHandle handle;
        synchronized (this) {
            cancelled = true;
            handle = started;
        }
        if (handle != null) {
            handle.cancel();
        }
    }
}
