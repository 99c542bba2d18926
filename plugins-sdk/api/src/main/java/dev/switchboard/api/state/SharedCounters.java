package dev.switchboard.api.state;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters every node of the cluster shares (backed by the grid). A counter that is not touched for
 * {@code expireAfter} disappears, which is what windowed limits want.
 */
@ProviderType
public interface SharedCounters {

    /** Adds {@code delta} and returns the new cluster-wide value. */
    long addAndGet(String counter, long delta, Duration expireAfter);

    /**
     * The same without waiting: the stage completes with the new cluster-wide value. For callers on the
     * request path that keep a local count and sync it in the background. The stage completes on the
     * grid's callback threads (a small pool of the grid bundle), so a {@code whenComplete} on it runs there,
     * or at once on the caller when it is already complete: keep such callbacks short and non-blocking, and
     * never use the {@code *Async} variants without an executor (they start a thread per call on 2 cores).
     */
    CompletionStage<Long> addAndGetAsync(String counter, long delta, Duration expireAfter);

    /** The current cluster-wide value, 0 when the counter does not exist. */
    long get(String counter);
}
