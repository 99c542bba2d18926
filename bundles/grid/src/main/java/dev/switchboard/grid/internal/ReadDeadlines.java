package dev.switchboard.grid.internal;

import dev.switchboard.support.deadline.DeadlineSweep;
import java.util.concurrent.CompletableFuture;

/**
 * Bounds the wait of async reads: a read not complete at once gets a stage of its own that the read completes (a
 * failed read with the fallback), watched by the grid's {@link DeadlineSweep} (no timer per read, never the JDK's
 * delay thread; the sweep sleeps while no read is pending), which completes it with the fallback on the grid's
 * callback threads when the read timeout passes first, so a request goes on there. A map has one timeout, so the
 * sweep keeps as many queues as distinct timeouts.
 */
final class ReadDeadlines {

    private final DeadlineSweep sweep;

    ReadDeadlines(DeadlineSweep sweep) {
        this.sweep = sweep;
    }

    /**
     * {@code read} as it is when complete; otherwise a stage completed by {@code read}, or with {@code fallback} on
     * the completion threads after {@code timeoutNanos}, whichever comes first.
     */
    <T> CompletableFuture<T> bound(CompletableFuture<T> read, long timeoutNanos, T fallback) {
        if (read.isDone()) {
            return read;
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        read.whenComplete((value, failure) -> {
            if (failure == null) {
                bounded.complete(value);
            } else {
                bounded.complete(fallback);
            }
        });
        sweep.watch(bounded, timeoutNanos, fallback);
        return bounded;
    }

    /** Completes every expired read with its fallback (on the completion threads); returns how many. */
    int sweep() {
        return sweep.sweep();
    }

    /** Reads waiting in the queues (completed ones not yet dropped included). */
    int queued() {
        return sweep.queued();
    }
}
