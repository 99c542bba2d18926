package dev.switchboard.grid.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Bounds the wait of async reads without a timer per read and without the JDK's delay thread ({@code orTimeout} and
 * {@code completeOnTimeout} complete there, one thread shared by the whole JVM, and the caller's continuation would
 * run on it). A read not complete at once is queued with its deadline; one sweep ({@link #sweep}, every few
 * milliseconds on one thread) completes the expired ones with their fallback on {@code completions} (the grid's
 * callback threads), so a request goes on there. Reads of one timeout are queued in the order they started, so
 * each queue is in deadline order and a sweep stops at the first unexpired entry; a map has one timeout, so there
 * are as many queues as distinct timeouts. A read that completes in time stays queued until its deadline (a few
 * bytes) and is then dropped without work.
 */
final class ReadDeadlines {

    private final Map<Long, Queue<Pending<?>>> byTimeout = new ConcurrentHashMap<>();
    private final Executor completions;
    private final LongSupplier nanoClock;

    ReadDeadlines(Executor completions, LongSupplier nanoClock) {
        this.completions = completions;
        this.nanoClock = nanoClock;
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
        if (!bounded.isDone()) {
            byTimeout.computeIfAbsent(timeoutNanos, timeout -> new ConcurrentLinkedQueue<>())
                    .add(new Pending<>(nanoClock.getAsLong() + timeoutNanos, bounded, fallback));
        }
        return bounded;
    }

    /** Completes every expired read with its fallback (on the completion threads); returns how many. */
    int sweep() {
        long now = nanoClock.getAsLong();
        int expired = 0;
        for (Queue<Pending<?>> queue : byTimeout.values()) {
            for (Pending<?> head = queue.peek(); head != null && (head.done() || now - head.deadline >= 0);
                 head = queue.peek()) {
                queue.poll();
                if (!head.done()) {
                    completions.execute(head::expire);
                    expired++;
                }
            }
        }
        return expired;
    }

    /** Reads waiting in the queues (completed ones not yet dropped included). */
    int queued() {
        return byTimeout.values().stream().mapToInt(Queue::size).sum();
    }

    private record Pending<T>(long deadline, CompletableFuture<T> stage, T fallback) {

        boolean done() {
            return stage.isDone();
        }

        void expire() {
            stage.complete(fallback);
        }
    }
}
