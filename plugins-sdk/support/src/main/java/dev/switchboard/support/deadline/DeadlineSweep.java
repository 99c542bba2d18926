package dev.switchboard.support.deadline;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes asynchronous calls still open at their deadline with a fallback, without a timer task per call and
 * without the JDK's delay thread ({@code orTimeout} and {@code completeOnTimeout} complete there, one thread shared
 * by the whole JVM, and the caller's continuation would run on it). Watching a call is a queue insert; one sweep,
 * every {@code period} while calls are pending, completes the expired ones on {@code completions}, so the caller
 * goes on there. A call expires at most one period (plus the scheduler's own delay) after its deadline, never before.
 *
 * <p>The sweep sleeps while nothing is pending: the first call watched by an idle sweep schedules it (one task per
 * idle-to-busy change, not per call; under load a watch only reads a flag), and a sweep that leaves no call queued
 * schedules no next one. An idle gateway so costs no wake-ups.
 *
 * <p>Calls of one timeout are queued in the order they were watched, so each queue is in deadline order and a sweep
 * stops at the first unexpired entry; there are as many queues as distinct timeouts (owners use one or a few). A
 * call that completes in time is dropped by the next sweep once it is at the head of its queue (a few bytes until
 * then), and is never completed with the fallback.
 */
public final class DeadlineSweep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweep.class);

    /** Runs the sweep once after a delay; the owner's thread(s), which it stops after closing this sweep. */
    @FunctionalInterface
    public interface Scheduler {

        void schedule(Runnable sweep, long delayNanos);

        /** {@code executor}'s one-shot delayed tasks. */
        static Scheduler on(ScheduledExecutorService executor) {
            return (sweep, delayNanos) -> executor.schedule(sweep, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private final Map<Long, Queue<Pending<?>>> byTimeout = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Executor completions;
    private final LongSupplier nanoClock;
    private final long periodNanos;
    /** A sweep is scheduled (or running and about to decide on the next). */
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param periodNanos the time between sweeps while calls are pending: how late a call may expire
     * @param completions where expired calls are completed, so where their callers go on
     */
    public DeadlineSweep(Scheduler scheduler, long periodNanos, Executor completions, LongSupplier nanoClock) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        this.scheduler = scheduler;
        this.periodNanos = periodNanos;
        this.completions = completions;
        this.nanoClock = nanoClock;
    }

    /**
     * Completes {@code call} with {@code fallback} (on the completion executor) when it is still open
     * {@code timeoutNanos} from now; a call already complete is not queued.
     */
    public <T> void watch(CompletableFuture<T> call, long timeoutNanos, T fallback) {
        if (call.isDone()) {
            return;
        }
        byTimeout.computeIfAbsent(timeoutNanos, timeout -> new ConcurrentLinkedQueue<>())
                .add(new Pending<>(nanoClock.getAsLong() + timeoutNanos, call, fallback));
        // after the insert: a sweep that finds the queues empty clears the flag before it looks (see next)
        if (!armed.get() && armed.compareAndSet(false, true)) {
            schedule();
        }
    }

    /** Completes every expired call with its fallback (on the completion executor); returns how many. */
    public int sweep() {
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

    /** Calls waiting in the queues (completed ones not yet dropped included). */
    public int queued() {
        return byTimeout.values().stream().mapToInt(Queue::size).sum();
    }

    /** A sweep is scheduled: false while idle. */
    public boolean awake() {
        return armed.get();
    }

    /** Schedules no more sweeps; calls still open complete with their fallback at once, on the calling thread. */
    @Override
    public void close() {
        closed = true;
        for (Queue<Pending<?>> queue : byTimeout.values()) {
            for (Pending<?> pending = queue.poll(); pending != null; pending = queue.poll()) {
                pending.expire();
            }
        }
    }

    private void tick() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Deadlines not swept this round: {}", e.toString());
        } finally {
            next();
        }
    }

    /**
     * Clears the flag, then schedules the next sweep if a call is queued. A call watched meanwhile either is seen
     * here or sees the flag clear and schedules the sweep itself; the flag's compare-and-set lets only one of them.
     */
    private void next() {
        armed.set(false);
        if (!closed && !empty() && armed.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::tick, periodNanos);
        } catch (RejectedExecutionException e) {
            // the owner stopped its threads: the flag stays set, so no further call tries again
            LOG.debug("Deadline sweep not scheduled: {}", e.toString());
        }
    }

    private boolean empty() {
        for (Queue<Pending<?>> queue : byTimeout.values()) {
            if (!queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private record Pending<T>(long deadline, CompletableFuture<T> call, T fallback) {

        boolean done() {
            return call.isDone();
        }

        void expire() {
            call.complete(fallback);
        }
    }
}
