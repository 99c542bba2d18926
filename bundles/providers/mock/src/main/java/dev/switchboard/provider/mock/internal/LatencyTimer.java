package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The component's one timer for simulated latency, shared by all its instances. Stopping it (on
 * deactivate) fails every call still waiting on it, so no caller is left hanging by a stopped bundle.
 * Its threads only run the short tasks that complete a call or emit a chunk; subscribers must not
 * block in {@code onNext} (the SPI's contract), or they hold up other mock calls.
 */
final class LatencyTimer {

    /** Something waiting on the timer that must end when the timer stops. */
    interface Waiting {
        void abort(ProviderException reason);
    }

    static ProviderException stoppedError() {
        return new ProviderException(ErrorCode.UNAVAILABLE, "mock provider stopped");
    }

    private final ScheduledThreadPoolExecutor executor;
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    LatencyTimer(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "switchboard-mock-timer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
    }

    static LatencyTimer sizedForThisMachine() {
        return new LatencyTimer(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /** Runs the task after the delay; {@code null} when the timer has stopped (and the task will not run). */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        if (stopped) {
            return null;
        }
        try {
            return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Registers a waiting call; aborts it at once when the timer has already stopped. */
    void track(Waiting call) {
        waiting.add(call);
        if (stopped && waiting.remove(call)) {
            call.abort(stoppedError());
        }
    }

    void untrack(Waiting call) {
        waiting.remove(call);
    }

    /** How many calls wait on the timer now (a cancelled stream no longer does). */
    int waitingCalls() {
        return waiting.size();
    }

    boolean isStopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
        executor.shutdownNow();
        for (Waiting call : waiting) {
            if (waiting.remove(call)) {
                call.abort(stoppedError());
            }
        }
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }
}
