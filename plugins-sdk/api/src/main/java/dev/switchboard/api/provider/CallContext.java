package dev.switchboard.api.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * What a provider needs to know about the call beyond the request: its id for tracing and its deadline. Core
 * enforces the deadline; a provider calling a network passes {@link #remaining()} to its upstream (see
 * {@link ProviderInstance}).
 */
public record CallContext(String requestId, Instant deadline) {

    /** The time left until the deadline, zero once it passed. */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
