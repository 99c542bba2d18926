package dev.switchboard.core.internal.pipeline;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of a stream that cannot begin yet: its quotas are still asking the grid (an exact limit or budget),
 * or its cache lookup is still answering (the semantic level waits for an embedding). The client may go away
 * before the stream begins: a cancel before {@link #begin} keeps the stream from starting and gives the request's
 * slot and holds back; a cancel after it reaches the stream that began. (Releasing a permit twice is harmless.)
 */
final class DeferredStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredStream.class);

    private final KeyConcurrency.Permit permit;
    private StreamHandle started;
    private boolean cancelled;

    DeferredStream(KeyConcurrency.Permit permit) {
        this.permit = permit;
    }

    /** Starts the stream (a replay or a provider call) unless the client went away meanwhile. */
    void begin(Supplier<StreamHandle> start, Consumer<GatewayException> onError) {
        synchronized (this) {
            if (cancelled) {
                permit.release();
                return;
            }
        }
        StreamHandle handle;
        try {
            handle = start.get();
        } catch (GatewayException e) {
            permit.release();
            onError.accept(e);
            return;
        } catch (RuntimeException e) {
            permit.release();
            LOG.warn("Stream failed to start after waiting for its quotas or cache", e);
            onError.accept(ErrorTranslation.gatewayFault());
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
