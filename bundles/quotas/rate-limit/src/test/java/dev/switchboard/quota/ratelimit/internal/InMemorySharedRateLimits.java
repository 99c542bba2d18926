package dev.switchboard.quota.ratelimit.internal;

import dev.switchboard.api.state.SharedRateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** The grid's exact limits for one JVM (one count per key, time standing still), answering later on demand. */
final class InMemorySharedRateLimits implements SharedRateLimits {

    private static final java.util.concurrent.Executor ANSWERS = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "in-memory-grid-answers");
                thread.setDaemon(true);
                return thread;
            });

    private final Map<String, Long> used = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;
    /** Answers wait for {@link #answer()} (a slow grid). */
    volatile boolean held;
    /** An answer lands right after the caller's first look at it (see {@link AnswerAfterFirstLook}). */
    volatile boolean answerAfterFirstLook;
    private final List<Runnable> waiting = new ArrayList<>();

    @Override
    public synchronized CompletionStage<RateState> acquire(String key, Algorithm algorithm, long amount, long limit,
                                                           Duration window) {
        calls.incrementAndGet();
        if (down) {
            return CompletableFuture.failedFuture(new IllegalStateException("grid unreachable"));
        }
        long now = used.getOrDefault(key, 0L);
        boolean granted = amount <= 0 || now + amount <= limit;
        if (granted) {
            used.put(key, now + Math.max(0, amount));
        }
        long usedNow = used(key);
        RateState state = new RateState(granted, usedNow, limit, granted ? 0 : 1000);
        if (answerAfterFirstLook) {
            return new AnswerAfterFirstLook<>(state);
        }
        if (held) {
            CompletableFuture<RateState> later = new CompletableFuture<>();
            waiting.add(() -> later.complete(state));
            return later;
        }
        // answered later, as the grid does, on a thread of our own: the JDK's common pool starts a thread per task
        // on a 2-core machine, and a task it fails to start would read as "grid unreachable" (a local admit)
        return CompletableFuture.supplyAsync(() -> state, ANSWERS);
    }

    /** Sends the answers held so far, on the caller's thread. */
    void answer() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(waiting);
            waiting.clear();
        }
        now.forEach(Runnable::run);
    }

    @Override
    public synchronized CompletionStage<RateState> adjust(String key, Algorithm algorithm, long delta, long limit,
                                                          Duration window) {
        calls.incrementAndGet();
        used.merge(key, delta, Long::sum);
        return CompletableFuture.completedFuture(new RateState(true, used(key), limit, 0));
    }

    @Override
    public synchronized void reset(String key) {
        used.remove(key);
    }

    synchronized long used(String key) {
        return used.getOrDefault(key, 0L);
    }
}
