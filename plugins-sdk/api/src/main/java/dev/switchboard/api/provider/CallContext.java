package dev.switchboard.api.provider;

import java.time.Duration;
import java.time.Instant;

/** What a provider needs to know about the call beyond the request: its id for tracing and its deadline. */
public record CallContext(String requestId, Instant deadline) {

    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
