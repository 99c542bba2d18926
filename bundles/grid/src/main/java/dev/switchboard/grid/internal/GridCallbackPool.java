package dev.switchboard.grid.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the continuations of this node's async grid calls. Without it Hazelcast runs a
 * callback registered on one of its futures on its default async executor, which is the common pool, or a
 * new thread per callback when the common pool has parallelism 1 (a machine with 2 cores): hundreds of
 * threads started per second under load. Callbacks here are short (a few field updates), so two threads
 * suffice; a full queue runs the callback on the thread that completes the future (Hazelcast's response
 * thread), so a continuation is never dropped and no thread is ever started for one.
 */
final class GridCallbackPool implements Executor, AutoCloseable {

    static final String THREAD_PREFIX = "switchboard-grid-callback-";
    private static final int THREADS = 2;
    private static final int QUEUE = 10_000;

    private final ThreadPoolExecutor pool;

    GridCallbackPool() {
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // also after close: a late grid answer still runs its continuation, on the completing thread
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), factory, (task, executor) -> task.run());
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Whether every thread ended after {@link #close()}, waiting at most {@code millis}. */
    boolean awaitStopped(long millis) throws InterruptedException {
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Runs what is queued, then lets the threads end; called after the member shut down. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
