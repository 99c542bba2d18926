package dev.switchboard.core.internal.circuit;

import dev.switchboard.api.selection.CircuitState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One instance's circuit breaker: closed, open, half-open with a bounded number of probes. Counts outcomes over
 * a sliding time window of ten buckets (atomic counters, no lock: two calls racing over a bucket's turn can lose
 * a count, which only blurs the rate). The state is one immutable {@link Phase} swapped by compare-and-set, so a
 * transition happens once and is reported once to the {@link CircuitListener} (which shares it with the cluster).
 * A state learned from another node ({@link #adopt}) is applied without being reported back.
 */
public final class CircuitBreaker {

    private static final int BUCKETS = 10;

    /** The state, since when (this node's nano clock), and in half-open the probes left and succeeded. */
    private record Phase(CircuitState state, long sinceNanos, AtomicInteger probesLeft, AtomicInteger probesPassed) {

        static Phase of(CircuitState state, long since, int probes) {
            return new Phase(state, since, new AtomicInteger(probes), new AtomicInteger());
        }
    }

    private final String instanceId;
    private final LongSupplier nanoClock;
    private final CircuitListener listener;
    private volatile CircuitPolicy policy;
    private final AtomicReference<Phase> phase;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    // per bucket: the window turn it counts for, calls, failures, slow calls
    private final AtomicLongArray turns = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray failures = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray slowCalls = new AtomicLongArray(BUCKETS);

    public CircuitBreaker(String instanceId, CircuitPolicy policy, LongSupplier nanoClock, CircuitListener listener) {
        this.instanceId = instanceId;
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.listener = listener == null ? CircuitListener.NONE : listener;
        this.phase = new AtomicReference<>(Phase.of(CircuitState.CLOSED, nanoClock.getAsLong(), 0));
        for (int i = 0; i < BUCKETS; i++) {
            turns.set(i, Long.MIN_VALUE);
        }
    }

    public String instanceId() {
        return instanceId;
    }

    void configure(CircuitPolicy newPolicy) {
        this.policy = newPolicy;
    }

    /** The state now: an open circuit whose cool-down has passed reads as half-open (its next call is a probe). */
    public CircuitState state() {
        Phase current = phase.get();
        if (current.state() == CircuitState.OPEN && !coolingDown(current, nanoClock.getAsLong())) {
            return CircuitState.HALF_OPEN;
        }
        return current.state();
    }

    /** Whether calls should go elsewhere now (open and still cooling down). */
    public boolean isOpen() {
        Phase current = phase.get();
        return current.state() == CircuitState.OPEN && coolingDown(current, nanoClock.getAsLong());
    }

    /** Milliseconds since the current state began. */
    public long stateAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - phase.get().sinceNanos());
    }

    /** Failure rate over the window (0 when nothing was counted). */
    public double windowFailureRate() {
        long[] sums = sums(nanoClock.getAsLong());
        return sums[0] == 0 ? 0.0 : (double) sums[1] / sums[0];
    }

    /**
     * Whether a call may go to the instance now: always when closed; never while open and cooling down; after
     * that, one of {@code halfOpenProbes} probe permits. Probes that never report back (a client's own error, a
     * cancel) are renewed after another cool-down, so a half-open circuit cannot stay stuck.
     */
    public boolean tryAcquire() {
        Phase current = phase.get();
        if (current.state() == CircuitState.CLOSED) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (current.state() == CircuitState.OPEN) {
            if (coolingDown(current, now)) {
                return false;
            }
            current = probe(current, now);
            if (current.state() != CircuitState.HALF_OPEN) {
                return current.state() == CircuitState.CLOSED;
            }
        }
        if (current.probesLeft().getAndDecrement() > 0) {
            return true;
        }
        if (!coolingDown(current, now)) {
            current = probe(current, now);
            return current.state() == CircuitState.CLOSED
                    || current.state() == CircuitState.HALF_OPEN && current.probesLeft().getAndDecrement() > 0;
        }
        return false;
    }

    /** A fresh half-open phase in place of {@code current} (or whatever another thread put there first). */
    private Phase probe(Phase current, long now) {
        phase.compareAndSet(current, Phase.of(CircuitState.HALF_OPEN, now, policy.halfOpenProbes()));
        return phase.get();
    }

    public void recordSuccess(long latencyNanos) {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        CircuitPolicy rules = policy;
        boolean slow = latencyNanos > TimeUnit.MILLISECONDS.toNanos(rules.slowCallMillis());
        Phase current = phase.get();
        if (current.state() == CircuitState.HALF_OPEN) {
            if (!slow && current.probesPassed().incrementAndGet() >= rules.halfOpenProbes()) {
                close(current, true);
            } else if (slow) {
                open(current, true);
            }
            return;
        }
        long now = nanoClock.getAsLong();
        count(now, false, slow);
        if (slow && current.state() == CircuitState.CLOSED) {
            openIfOverThresholds(current, now, rules);
        }
    }

    /** A failure of the provider (not of the client's request). */
    public void recordFailure() {
        CircuitPolicy rules = policy;
        Phase current = phase.get();
        if (current.state() == CircuitState.HALF_OPEN) {
            open(current, true);
            return;
        }
        long now = nanoClock.getAsLong();
        count(now, true, false);
        if (current.state() != CircuitState.CLOSED) {
            return;
        }
        if (consecutiveFailures.incrementAndGet() >= rules.consecutiveFailures()) {
            open(current, true);
        } else {
            openIfOverThresholds(current, now, rules);
        }
    }

    /** An operator's reset: closed, counts cleared, and the cluster told (even if this node had it closed). */
    public void reset() {
        phase.set(Phase.of(CircuitState.CLOSED, nanoClock.getAsLong(), 0));
        clearCounts();
        listener.transitioned(instanceId, CircuitState.CLOSED);
    }

    /**
     * A state another node reported: {@code OPEN} that began {@code ageMillis} ago, or {@code CLOSED} (probes
     * passed there, or an operator reset). Applied here without reporting it back. An open that has already
     * cooled down is ignored (a replayed or late record cannot keep traffic away for longer than one cool-down).
     */
    public void adopt(CircuitState state, long ageMillis) {
        Phase current = phase.get();
        if (state == CircuitState.OPEN) {
            long age = Math.max(0, ageMillis);
            if (age >= policy.openMillis() || current.state() == CircuitState.OPEN && coolingDown(current,
                    nanoClock.getAsLong())) {
                return;
            }
            phase.compareAndSet(current, Phase.of(CircuitState.OPEN,
                    nanoClock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(age), 0));
        } else if (state == CircuitState.CLOSED && current.state() != CircuitState.CLOSED) {
            close(current, false);
        }
    }

    private void openIfOverThresholds(Phase current, long now, CircuitPolicy rules) {
        long[] sums = sums(now);
        if (sums[0] < rules.minimumCalls()) {
            return;
        }
        if ((double) sums[1] / sums[0] >= rules.failureRateThreshold()
                || (double) sums[2] / sums[0] >= rules.slowCallRateThreshold()) {
            open(current, true);
        }
    }

    private void open(Phase from, boolean report) {
        if (phase.compareAndSet(from, Phase.of(CircuitState.OPEN, nanoClock.getAsLong(), 0)) && report) {
            listener.transitioned(instanceId, CircuitState.OPEN);
        }
    }

    private void close(Phase from, boolean report) {
        if (from.state() == CircuitState.CLOSED && report) {
            clearCounts();
            return;
        }
        if (phase.compareAndSet(from, Phase.of(CircuitState.CLOSED, nanoClock.getAsLong(), 0))) {
            clearCounts();
            if (report) {
                listener.transitioned(instanceId, CircuitState.CLOSED);
            }
        }
    }

    private boolean coolingDown(Phase current, long now) {
        return now - current.sinceNanos() < TimeUnit.MILLISECONDS.toNanos(policy.openMillis());
    }

    private void clearCounts() {
        consecutiveFailures.set(0);
        for (int i = 0; i < BUCKETS; i++) {
            turns.set(i, Long.MIN_VALUE);
            calls.set(i, 0);
            failures.set(i, 0);
            slowCalls.set(i, 0);
        }
    }

    private long bucketNanos() {
        return TimeUnit.MILLISECONDS.toNanos(policy.windowMillis()) / BUCKETS;
    }

    private void count(long now, boolean failed, boolean slow) {
        long turn = Math.floorDiv(now, bucketNanos());
        int i = (int) Math.floorMod(turn, (long) BUCKETS);
        long seen = turns.get(i);
        if (seen != turn && turns.compareAndSet(i, seen, turn)) {
            calls.set(i, 0);
            failures.set(i, 0);
            slowCalls.set(i, 0);
        }
        calls.incrementAndGet(i);
        if (failed) {
            failures.incrementAndGet(i);
        }
        if (slow) {
            slowCalls.incrementAndGet(i);
        }
    }

    /** Calls, failures and slow calls counted in the buckets of the current window. */
    private long[] sums(long now) {
        long turn = Math.floorDiv(now, bucketNanos());
        long[] sums = new long[3];
        for (int i = 0; i < BUCKETS; i++) {
            long t = turns.get(i);
            if (t != Long.MIN_VALUE && turn - t < BUCKETS) {
                sums[0] += calls.get(i);
                sums[1] += failures.get(i);
                sums[2] += slowCalls.get(i);
            }
        }
        return sums;
    }
}
