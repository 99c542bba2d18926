package dev.switchboard.core.internal.health;

import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.core.internal.circuit.CircuitBreaker;
import dev.switchboard.core.internal.circuit.CircuitPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Live health of one provider instance as this node sees it, for selection: latency and time-to-first-token
 * moving averages, error rate, requests in flight; and the instance's {@link CircuitBreaker} (whose state the
 * cluster shares). Lock-free; races only blur the averages. Shared by every route of the instance.
 */
public final class RouteHealth {

    private static final double ALPHA = 0.2;

    private final CircuitBreaker breaker;
    private volatile double latencyEwmaMillis;
    private volatile double ttfbEwmaMillis;
    private volatile double errorRate;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RouteHealth(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** A health with a breaker of its own (not shared with the cluster): tests, and core without a grid. */
    public RouteHealth(int failureThreshold, long openMillis, LongSupplier nanoClock) {
        this(new CircuitBreaker("local", CircuitPolicy.of(failureThreshold, openMillis), nanoClock, null));
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** A call to the instance starts; pair with {@link #callEnded}. */
    public void callStarted() {
        inFlight.incrementAndGet();
    }

    public void callEnded() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** A streamed call's first token arrived {@code ttfbNanos} after the call began. */
    public void recordFirstToken(long ttfbNanos) {
        double millis = ttfbNanos / 1_000_000.0;
        double current = ttfbEwmaMillis;
        ttfbEwmaMillis = current == 0.0 ? millis : current + ALPHA * (millis - current);
    }

    public void recordSuccess(long latencyNanos) {
        double millis = latencyNanos / 1_000_000.0;
        double current = latencyEwmaMillis;
        latencyEwmaMillis = current == 0.0 ? millis : current + ALPHA * (millis - current);
        if (errorRate != 0.0) {
            errorRate = errorRate * (1 - ALPHA);
        }
        breaker.recordSuccess(latencyNanos);
    }

    /**
     * A streamed call ended well: counts toward the averages by its whole length, but toward the breaker's slow
     * calls by its time to first token (a long answer is not a slow provider).
     */
    public void recordStreamSuccess(long latencyNanos, long ttfbNanos) {
        double millis = latencyNanos / 1_000_000.0;
        double current = latencyEwmaMillis;
        latencyEwmaMillis = current == 0.0 ? millis : current + ALPHA * (millis - current);
        if (errorRate != 0.0) {
            errorRate = errorRate * (1 - ALPHA);
        }
        breaker.recordSuccess(ttfbNanos);
    }

    /** Counts a failure of the provider (not of the client's request) toward opening the circuit. */
    public void recordFailure() {
        errorRate = errorRate + ALPHA * (1 - errorRate);
        breaker.recordFailure();
    }

    /** Whether the breaker is open, i.e. calls should go elsewhere while others can serve. */
    public boolean isOpen() {
        return breaker.isOpen();
    }

    /** Whether a call may go to this instance now (closed, or one of the half-open probes). */
    public boolean tryAcquire() {
        return breaker.tryAcquire();
    }

    public CandidateStats stats() {
        CircuitState state = breaker.state();
        return new CandidateStats(latencyEwmaMillis, errorRate, state == CircuitState.OPEN, ttfbEwmaMillis,
                inFlight.get(), state);
    }
}
