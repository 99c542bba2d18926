package dev.switchboard.core.internal.health;

import dev.switchboard.api.selection.CandidateStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Live health of one provider instance as this node sees it: latency and error-rate moving averages
 * for selection, and a circuit breaker that stops sending traffic after consecutive failures and lets
 * one trial call through once the cool-down has passed. Lock-free; races only blur the averages.
 */
public final class RouteHealth {

    private static final double ALPHA = 0.2;

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;

    private volatile double latencyEwmaMillis;
    private volatile double errorRate;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openedAt = new AtomicLong(-1);
    private final AtomicLong trialAt = new AtomicLong(-1);

    public RouteHealth(int failureThreshold, long openMillis, LongSupplier nanoClock) {
        this.failureThreshold = failureThreshold;
        this.openNanos = TimeUnit.MILLISECONDS.toNanos(openMillis);
        this.nanoClock = nanoClock;
    }

    public void recordSuccess(long latencyNanos) {
        double millis = latencyNanos / 1_000_000.0;
        latencyEwmaMillis = latencyEwmaMillis == 0.0 ? millis : latencyEwmaMillis + ALPHA * (millis - latencyEwmaMillis);
        errorRate = errorRate * (1 - ALPHA);
        consecutiveFailures.set(0);
        openedAt.set(-1);
        trialAt.set(-1);
    }

    /** Counts a failure of the provider (not of the client's request) toward opening the circuit. */
    public void recordFailure() {
        errorRate = errorRate + ALPHA * (1 - errorRate);
        if (consecutiveFailures.incrementAndGet() >= failureThreshold) {
            openedAt.set(nanoClock.getAsLong());
            trialAt.set(-1);
        }
    }

    /** Whether the breaker is open, i.e. calls should go elsewhere while others can serve. */
    public boolean isOpen() {
        long opened = openedAt.get();
        return opened >= 0 && nanoClock.getAsLong() - opened < openNanos;
    }

    /**
     * Whether a call may go to this instance now: always when closed; when the cool-down has passed, one
     * trial call at a time (half-open).
     */
    public boolean tryAcquire() {
        long opened = openedAt.get();
        if (opened < 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (now - opened < openNanos) {
            return false;
        }
        long trial = trialAt.get();
        if (trial >= 0 && now - trial < openNanos) {
            return false;
        }
        return trialAt.compareAndSet(trial, now);
    }

    public CandidateStats stats() {
        return new CandidateStats(latencyEwmaMillis, errorRate, isOpen());
    }
}
