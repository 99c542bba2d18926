package dev.switchboard.api.state;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rate limits counted atomically in the grid: each {@link #acquire} is one step on the member that owns the
 * limit's key, so across any number of nodes at most {@code limit} is admitted per window (sliding window) or
 * the bucket never goes below zero (token bucket). One grid round trip per call: for {@code exact} limits;
 * {@code local} ones count on the node and sync through {@link SharedCounters}.
 *
 * <p>Stages complete on the grid's callback threads, as {@link SharedCounters#addAndGetAsync} says, and fail
 * when the grid cannot be reached.
 */
@ProviderType
public interface SharedRateLimits {

    enum Algorithm {
        /**
         * A sliding window approximated from two fixed windows (the previous one weighted by how much of it still
         * lies within the window), as most gateways count: smooth at window edges, two numbers per key.
         */
        SLIDING_WINDOW,
        /** A bucket of {@code limit} that refills {@code limit} per {@code window}, continuously: allows bursts. */
        TOKEN_BUCKET
    }

    /**
     * Takes {@code amount} if the limit allows it, nothing otherwise. {@code amount} 0 asks without taking.
     */
    CompletionStage<RateState> acquire(String key, Algorithm algorithm, long amount, long limit, Duration window);

    /**
     * Adds {@code delta} (negative: gives back) whatever the limit says: for what a request really used beyond, or
     * below, what it acquired (tokens estimated before, counted after).
     */
    CompletionStage<RateState> adjust(String key, Algorithm algorithm, long delta, long limit, Duration window);

    /** Forgets the key's count (an operator's reset); waits for the grid. */
    void reset(String key);

    /**
     * After an operation: whether it was granted, what is used of the limit now (sliding window: the weighted count;
     * token bucket: limit minus tokens left) and in how many milliseconds enough would be free again for the amount
     * asked (0 when granted).
     */
    record RateState(boolean granted, long used, long limit, long retryAfterMillis) {
    }
}
