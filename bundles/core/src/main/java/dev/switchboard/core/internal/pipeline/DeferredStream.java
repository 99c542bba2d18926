package dev.switchboard.core.internal.pipeline;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of a stream whose quotas are still asking the grid: the client may go away before the stream
 * starts (then it never starts, and the request's slot and holds are given back), or after (the real stream is
 * cancelled).
 */
final class DeferredStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredStream.class);

    private final KeyConcurrency.Permit permit;
    private volatile StreamHandle started;
    private volatile boolean cancelled;

    DeferredStream(KeyConcurrency.Permit permit) {
        this.permit = permit;
    }

    /** Admitted: starts the stream unless the client left meanwhile; a refusal further on goes to {@code onError}. */
    void start(Supplier<StreamHandle> stream, Consumer<GatewayException> onError) {
        if (cancelled) {
            permit.release();
            return;
        }
        try {
            StreamHandle handle = stream.get();
            started = handle;
            if (cancelled) {
                handle.cancel();
            }
        } catch (GatewayException e) {
            onError.accept(e);
        } catch (RuntimeException e) {
            LOG.warn("Stream failed to start after its quotas admitted it", e);
            permit.release();
            onError.accept(ErrorTranslation.gatewayFault());
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        StreamHandle handle = started;
        if (handle != null) {
            handle.cancel();
        } else {
            permit.release();
        }
    }
}
