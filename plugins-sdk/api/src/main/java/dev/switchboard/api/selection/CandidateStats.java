package dev.switchboard.api.selection;

/**
 * Live health of a candidate's instance as core measures it on this node, read without a grid round trip:
 * latency EWMA of whole calls, time-to-first-token EWMA of streamed calls (0 until one streamed), recent error
 * rate (0..1), requests in flight to the instance on this node, and its circuit state (shared by the cluster).
 * Prices are the catalog's, in {@link Candidate#model()}. A value of 0 for an average means "not measured yet".
 */
public record CandidateStats(double latencyEwmaMillis, double errorRate, boolean circuitOpen, double ttfbEwmaMillis,
                             int inFlight, CircuitState circuitState) {

    public static final CandidateStats UNKNOWN = new CandidateStats(0.0, 0.0, false);

    public CandidateStats {
        circuitState = circuitState == null ? (circuitOpen ? CircuitState.OPEN : CircuitState.CLOSED) : circuitState;
        circuitOpen = circuitState == CircuitState.OPEN;
    }

    /** The 1.0 shape: no time to first token, nothing in flight, the state from {@code circuitOpen}. */
    public CandidateStats(double latencyEwmaMillis, double errorRate, boolean circuitOpen) {
        this(latencyEwmaMillis, errorRate, circuitOpen, 0.0, 0, null);
    }
}
