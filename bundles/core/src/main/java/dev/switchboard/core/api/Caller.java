package dev.switchboard.core.api;

/** Who sends a request, once the key is authenticated. {@code keyId} is public; the key itself never leaves auth. */
public record Caller(String keyId, String keyName, String tenant, boolean admin) {
}
