package dev.switchboard.quota.rpm.internal;

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
