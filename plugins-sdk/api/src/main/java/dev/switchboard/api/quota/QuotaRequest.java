package dev.switchboard.api.quota;

/**
 * The dimensions of a request a quota strategy judges: who sends it (key id, tenant), what for (model),
 * and how large it is expected to be.
 */
public record QuotaRequest(String keyId, String tenant, String model, long estimatedTokens) {
}
