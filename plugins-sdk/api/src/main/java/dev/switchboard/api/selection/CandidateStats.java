package dev.switchboard.api.selection;

/** Live health of a candidate as core measures it: latency EWMA, recent error rate, breaker state. */
public record CandidateStats(double latencyEwmaMillis, double errorRate, boolean circuitOpen) {

    public static final CandidateStats UNKNOWN = new CandidateStats(0.0, 0.0, false);
}
