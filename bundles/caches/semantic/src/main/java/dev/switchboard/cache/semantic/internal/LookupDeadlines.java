package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.support.deadline.DeadlineSweep;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives up on lookups that take longer than {@code lookup.timeout.ms}: a lookup still open then completes as a miss,
 * and the request goes on (upstream) on this cache's own two threads. Not with {@code orTimeout} or
 * {@code completeOnTimeout}: those complete on the JDK's delay thread, one for the whole JVM, and every request
 * that timed out would continue there. No timer per lookup either: a {@link DeadlineSweep} on these threads queues
 * each open lookup with its deadline and sweeps every few milliseconds while lookups are pending (never while the
 * cache is idle).
 */
final class LookupDeadlines implements AutoCloseable {

    static final String THREAD_PREFIX = "switchboard-semantic-lookups-";

    private final long timeoutNanos;
    /** Runs the sweep and the continuations of the lookups it gives up on. */
    private final ScheduledThreadPoolExecutor threads;
    private final DeadlineSweep sweep;

    LookupDeadlines(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sweep = new DeadlineSweep(DeadlineSweep.Scheduler.on(threads), sweepPeriodNanos(timeoutNanos), threads,
                System::nanoTime);
    }

    /** The timeout is kept to within a fifth of it (at least 1 ms, at most 10 ms between sweeps). */
    static long sweepPeriodNanos(long timeoutNanos) {
        long millis = Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 5));
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** {@code lookup}, or a miss on this cache's threads when it is not complete within the timeout. */
    CompletableFuture<Optional<ChatResponse>> bound(CompletableFuture<Optional<ChatResponse>> lookup) {
        sweep.watch(lookup, timeoutNanos, Optional.empty());
        return lookup;
    }

    /** Lookups waiting in the queue (answered ones not yet dropped included). */
    int queued() {
        return sweep.queued();
    }

    /** Sweeps waiting on this cache's threads: none while no lookup is pending. */
    int scheduledSweeps() {
        return threads.getQueue().size();
    }

    /** Stops the sweep; lookups still open complete as misses at once. */
    @Override
    public void close() {
        sweep.close();
        threads.shutdownNow();
    }
}
