package dev.switchboard.store;

import java.math.BigDecimal;

/**
 * One request in the usage ledger. {@code requestId} is the ledger's primary key: appending the same request
 * twice keeps one row. {@code status} is {@code ok} or the gateway's error code; {@code errorCode} is the
 * provider's code for a failed call, null otherwise. {@code endpoint} names what was called ({@code chat},
 * {@code embeddings}, {@code images}, {@code completions}, {@code speech}, {@code transcriptions}, ...);
 * {@code images} and {@code audioSeconds} are what an answer is priced by besides tokens. {@code project},
 * {@code user}, {@code session} and {@code tags} (comma-separated) are the request context, each null when the
 * request had none. A failed request is booked too (its {@code status} the gateway's code, tokens and cost
 * zero). {@code cacheLevel} is the cache level that answered ({@code memory}, {@code distributed},
 * {@code semantic}), null when a provider did; then {@code cost} is zero and {@code savedCost} what the provider
 * call would have cost.
 */
public record UsageEntry(String requestId, long epochMillis, String tenant, String keyId, String model,
                         String providerType, String instance, long promptTokens, long completionTokens,
                         long cachedTokens, long reasoningTokens, BigDecimal cost, long latencyMillis,
                         String status, String errorCode, String endpoint, long images, double audioSeconds,
                         String project, String user, String session, String tags, String cacheLevel,
                         BigDecimal savedCost) {

    public UsageEntry {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("a ledger entry needs a request id");
        }
        if (cost == null) {
            cost = BigDecimal.ZERO;
        }
        if (savedCost == null) {
            savedCost = BigDecimal.ZERO;
        }
        if (endpoint == null || endpoint.isEmpty()) {
            endpoint = "chat";
        }
        if (!(audioSeconds >= 0) || Double.isInfinite(audioSeconds)) {
            audioSeconds = 0;
        }
    }

    /** An entry answered by a provider (no cache level, nothing saved). */
    public UsageEntry(String requestId, long epochMillis, String tenant, String keyId, String model,
                      String providerType, String instance, long promptTokens, long completionTokens,
                      long cachedTokens, long reasoningTokens, BigDecimal cost, long latencyMillis,
                      String status, String errorCode, String endpoint, long images, double audioSeconds,
                      String project, String user, String session, String tags) {
        this(requestId, epochMillis, tenant, keyId, model, providerType, instance, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, cost, latencyMillis, status, errorCode, endpoint, images, audioSeconds,
                project, user, session, tags, null, null);
    }

    /** An entry without request context beyond tenant and key. */
    public UsageEntry(String requestId, long epochMillis, String tenant, String keyId, String model,
                      String providerType, String instance, long promptTokens, long completionTokens,
                      long cachedTokens, long reasoningTokens, BigDecimal cost, long latencyMillis,
                      String status, String errorCode, String endpoint, long images, double audioSeconds) {
        this(requestId, epochMillis, tenant, keyId, model, providerType, instance, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, cost, latencyMillis, status, errorCode, endpoint, images, audioSeconds,
                null, null, null, null);
    }

    /** A chat request's entry (no images, no audio, no request context beyond tenant and key). */
    public UsageEntry(String requestId, long epochMillis, String tenant, String keyId, String model,
                      String providerType, String instance, long promptTokens, long completionTokens,
                      long cachedTokens, long reasoningTokens, BigDecimal cost, long latencyMillis,
                      String status, String errorCode) {
        this(requestId, epochMillis, tenant, keyId, model, providerType, instance, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, cost, latencyMillis, status, errorCode, "chat", 0, 0);
    }
}
