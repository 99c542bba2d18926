package dev.switchboard.core.internal.circuit;

/**
 * When a breaker opens and how it closes again (dev.switchboard.core, {@code circuit.*}). It opens when, over the
 * last {@code windowMillis}, at least {@code minimumCalls} calls ended and the share of failures reached
 * {@code failureRateThreshold} or the share of slow calls (over {@code slowCallMillis}) reached
 * {@code slowCallRateThreshold}; or at once after {@code consecutiveFailures} failures in a row (so a quiet
 * instance that fails every call is not tried {@code minimumCalls} times). After {@code openMillis} it lets
 * {@code halfOpenProbes} requests through; that many successes close it, one failure opens it again.
 */
public record CircuitPolicy(int consecutiveFailures, long openMillis, double failureRateThreshold,
                            double slowCallRateThreshold, long slowCallMillis, long windowMillis, int minimumCalls,
                            int halfOpenProbes) {

    public static final CircuitPolicy DEFAULTS = new CircuitPolicy(5, 30_000, 0.5, 1.0, 60_000, 10_000, 10, 3);

    public CircuitPolicy {
        if (consecutiveFailures < 1 || openMillis < 1 || windowMillis < 100 || minimumCalls < 1
                || halfOpenProbes < 1 || slowCallMillis < 1) {
            throw new IllegalArgumentException("circuit thresholds, window and probes must be positive");
        }
        if (failureRateThreshold <= 0 || failureRateThreshold > 1 || slowCallRateThreshold <= 0
                || slowCallRateThreshold > 1) {
            throw new IllegalArgumentException("circuit rate thresholds must be in (0, 1]");
        }
    }

    /** The policy of the 1.0 breaker: consecutive failures and a cool-down, the rest at its defaults. */
    public static CircuitPolicy of(int consecutiveFailures, long openMillis) {
        return new CircuitPolicy(consecutiveFailures, openMillis, DEFAULTS.failureRateThreshold,
                DEFAULTS.slowCallRateThreshold, DEFAULTS.slowCallMillis, DEFAULTS.windowMillis,
                DEFAULTS.minimumCalls, DEFAULTS.halfOpenProbes);
    }
}
