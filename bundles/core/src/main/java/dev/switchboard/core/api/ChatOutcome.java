package dev.switchboard.core.api;

import dev.switchboard.api.chat.ChatResponse;
import java.math.BigDecimal;

/**
 * A served non-streaming request: the answer with the client's model name, which instance answered
 * (or that the cache did, and at which level: {@code cacheStatus}, a {@link CacheStatus}), what it cost and
 * how long it took.
 */
public record ChatOutcome(ChatResponse response, String instanceId, String providerType, boolean cached,
                          BigDecimal costUsd, long latencyNanos, int attempts, String cacheStatus) {

    public ChatOutcome {
        if (cacheStatus == null) {
            cacheStatus = cached ? CacheStatus.HIT_L1 : CacheStatus.MISS;
        }
    }

    public ChatOutcome(ChatResponse response, String instanceId, String providerType, boolean cached,
                       BigDecimal costUsd, long latencyNanos, int attempts) {
        this(response, instanceId, providerType, cached, costUsd, latencyNanos, attempts, null);
    }
}
