package dev.switchboard.core.api;

import java.math.BigDecimal;

/**
 * A served request of an endpoint beyond chat: the provider's answer, which instance answered, what it cost and
 * how long it took. (Chat has its own {@link ChatOutcome}.)
 */
public record Outcome<R>(R response, String instanceId, String providerType, BigDecimal costUsd, long latencyNanos,
                         int attempts) {
}
