package dev.switchboard.core.api;

import dev.switchboard.api.chat.ChatResponse;
import java.math.BigDecimal;

/**
 * A served non-streaming request: the answer with the client's model name, which instance answered
 * (or that the cache did), what it cost and how long it took.
 */
public record ChatOutcome(ChatResponse response, String instanceId, String providerType, boolean cached,
                          BigDecimal costUsd, long latencyNanos, int attempts) {
}
