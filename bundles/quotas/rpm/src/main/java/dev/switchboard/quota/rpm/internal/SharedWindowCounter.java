package dev.switchboard.quota.rpm.internal;

import dev.switchboard.api.state.SharedCounters;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts in the cluster's shared counters: exact across nodes, at the cost of one blocking grid round
 * trip per request. The counter outlives its minute by one more, so a late increment still lands, and
 * then disappears on its own. The grid's answer is never believed below what this node counted itself:
 * the grid authenticates nobody, and a count written low there must not lift this node's own limit.
 */
final class SharedWindowCounter implements WindowCounter {

    static final Duration EXPIRE_AFTER = Duration.ofMinutes(2);
    private static final int PRUNE_ABOVE = 10_000;

    private final SharedCounters counters;
    private final ConcurrentHashMap<String, OwnCount> own = new ConcurrentHashMap<>();

    SharedWindowCounter(SharedCounters counters) {
        this.counters = counters;
    }

    @Override
    public long increment(String keyId, long window) {
        OwnCount mine = own.get(keyId);
        if (mine == null || mine.window < window) {
            mine = own.compute(keyId, (key, old) -> old != null && old.window >= window ? old : new OwnCount(window));
            if (own.size() > PRUNE_ABOVE) {
                own.values().removeIf(c -> c.window < window);
            }
        }
        long counted = mine.count.incrementAndGet();
        return Math.max(counted, counters.addAndGet(counterName(keyId, window), 1, EXPIRE_AFTER));
    }

    private record OwnCount(long window, AtomicLong count) {
        OwnCount(long window) {
            this(window, new AtomicLong());
        }
    }

    static String counterName(String keyId, long epochMinute) {
        return "rpm:" + keyId + ':' + epochMinute;
    }
}
