package dev.switchboard.store;

import java.math.BigDecimal;

/**
 * One request in the usage ledger. {@code requestId} is the ledger's primary key: appending the same request
 * twice keeps one row. {@code status} is {@code ok} or the gateway's error code; {@code errorCode} is the
 * provider's code for a failed call, null otherwise.
 */
public record UsageEntry(String requestId, long epochMillis, String tenant, String keyId, String model,
                         String providerType, String instance, long promptTokens, long completionTokens,
                         long cachedTokens, long reasoningTokens, BigDecimal cost, long latencyMillis,
                         String status, String errorCode) {

    public UsageEntry {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("a ledger entry needs a request id");
        }
        if (cost == null) {
            cost = BigDecimal.ZERO;
        }
    }
}
