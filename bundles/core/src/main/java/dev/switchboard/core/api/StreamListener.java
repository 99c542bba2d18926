package dev.switchboard.core.api;

import dev.switchboard.api.chat.ChatChunk;

/**
 * Receives a streamed answer. {@link #onStart} comes once a provider accepted the call, or when the cache answers
 * (instance and type {@link #CACHE}); before that, core may still fail over, and errors arrive as
 * {@link #onError} with a {@link GatewayException}. Chunks carry what the provider answered (its id, model and
 * fields beyond the modelled ones); then exactly one of {@link #onComplete} or {@link #onError}.
 * Called from network threads: implementations write and flush, and must not block for long.
 */
public interface StreamListener {

    /** The instance id and provider type {@link #onStart} reports for an answer replayed from the gateway's cache. */
    String CACHE = "cache";

    /**
     * The instance id and provider type of a route's configured fallback answer ({@code route.<alias>.fallback.text}),
     * given when every candidate failed; the answer carries {@code "switchboard_fallback": true}.
     */
    String FALLBACK = "fallback";

    void onStart(String instanceId, String providerType);

    /**
     * {@link #onStart(String, String)} for an answer from cache, with its {@link CacheStatus} (the level that
     * answered); a listener that reports the level overrides it.
     */
    default void onStart(String instanceId, String providerType, String cacheStatus) {
        onStart(instanceId, providerType);
    }

    void onChunk(ChatChunk chunk);

    void onComplete(StreamSummary summary);

    void onError(GatewayException error);

    record StreamSummary(dev.switchboard.api.chat.Usage usage, java.math.BigDecimal costUsd, long latencyNanos) {
    }
}
