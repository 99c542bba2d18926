package dev.switchboard.quota.rpm.internal;

import dev.switchboard.api.state.SharedCounters;
import java.time.Duration;

/**
 * Counts in the cluster's shared counters: exact across nodes, at the cost of one blocking grid round
 * trip per request. The counter outlives its minute by one more, so a late increment still lands, and
 * then disappears on its own.
 */
final class SharedWindowCounter implements WindowCounter {

    static final Duration EXPIRE_AFTER = Duration.ofMinutes(2);

    private final SharedCounters counters;

    SharedWindowCounter(SharedCounters counters) {
        this.counters = counters;
    }

    @Override
    public long increment(String keyId, long window) {
        return counters.addAndGet(counterName(keyId, window), 1, EXPIRE_AFTER);
    }

    static String counterName(String keyId, long epochMinute) {
        return "rpm:" + keyId + ':' + epochMinute;
    }
}
