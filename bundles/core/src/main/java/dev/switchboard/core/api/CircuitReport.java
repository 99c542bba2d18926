package dev.switchboard.core.api;

/**
 * One instance's breaker as this node sees it: {@code state} is CLOSED, OPEN or HALF_OPEN, held for
 * {@code stateAgeMillis}; {@code failureRate} over the breaker's sliding window.
 */
public record CircuitReport(String instanceId, String state, long stateAgeMillis, double failureRate) {
}
