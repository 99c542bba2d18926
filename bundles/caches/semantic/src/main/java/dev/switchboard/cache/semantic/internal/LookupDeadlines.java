package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.chat.ChatResponse;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up on lookups that take longer than {@code lookup.timeout.ms}: a lookup still open then completes as a miss,
 * and the request goes on (upstream) on this cache's own two threads. Not with {@code orTimeout} or
 * {@code completeOnTimeout}: those complete on the JDK's delay thread, one for the whole JVM, and every request
 * that timed out would continue there. No timer per lookup either: a lookup is queued with its deadline, and one
 * sweep every few milliseconds completes the expired ones. All lookups have the same timeout, so the queue is in
 * deadline order and a sweep stops at the first that is not due. A lookup answered in time stays queued until its
 * deadline (a few bytes) and is then dropped.
 */
final class LookupDeadlines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookupDeadlines.class);
    static final String THREAD_PREFIX = "switchboard-semantic-lookups-";

    private final long timeoutNanos;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Runs the sweep and the continuations of the lookups it gives up on. */
    private final ScheduledThreadPoolExecutor threads;

    LookupDeadlines(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // the timeout is kept to within a fifth of it (at least 1 ms, at most 10 ms between sweeps)
        long every = Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 5));
        threads.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** {@code lookup}, or a miss on this cache's threads when it is not complete within the timeout. */
    CompletableFuture<Optional<ChatResponse>> bound(CompletableFuture<Optional<ChatResponse>> lookup) {
        if (!lookup.isDone()) {
            queue.add(new Pending(System.nanoTime() + timeoutNanos, lookup));
        }
        return lookup;
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Pending head = queue.peek(); head != null && (head.lookup.isDone() || now - head.deadline >= 0);
                 head = queue.peek()) {
                queue.poll();
                if (!head.lookup.isDone()) {
                    threads.execute(head::expire);
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.warn("Semantic cache lookups not swept this round: {}", e.toString());
        }
    }

    /** Lookups waiting in the queue (answered ones not yet dropped included). */
    int queued() {
        return queue.size();
    }

    /** Stops the sweep; lookups still open complete as misses at once. */
    @Override
    public void close() {
        threads.shutdownNow();
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            pending.lookup.complete(Optional.empty());
        }
    }

    private record Pending(long deadline, CompletableFuture<Optional<ChatResponse>> lookup) {

        void expire() {
            lookup.complete(Optional.empty());
        }
    }
}
