package dev.switchboard.quota.ratelimit.internal;

import dev.switchboard.api.state.SharedCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The grid's counters for one JVM; remembers the expiry each counter was last touched with. */
final class InMemorySharedCounters implements SharedCounters {

    final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    final Map<String, Duration> expiries = new ConcurrentHashMap<>();
    volatile boolean down;
    /** While set, async answers wait in {@link #late} until {@link #answer()}: a grid round trip in progress. */
    volatile boolean slow;
    final java.util.List<Runnable> late = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Delivers every answer held back while {@link #slow}. */
    void answer() {
        java.util.List<Runnable> due = new java.util.ArrayList<>(late);
        late.clear();
        due.forEach(Runnable::run);
    }

    @Override
    public long addAndGet(String counter, long delta, Duration expireAfter) {
        if (down) {
            throw new IllegalStateException("grid unreachable");
        }
        expiries.put(counter, expireAfter);
        return values.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public CompletionStage<Long> addAndGetAsync(String counter, long delta, Duration expireAfter) {
        if (slow) {
            CompletableFuture<Long> answer = new CompletableFuture<>();
            late.add(() -> answer.complete(addAndGet(counter, delta, expireAfter)));
            return answer;
        }
        try {
            return CompletableFuture.completedFuture(addAndGet(counter, delta, expireAfter));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public long get(String counter) {
        AtomicLong value = values.get(counter);
        return value == null ? 0 : value.get();
    }
}
