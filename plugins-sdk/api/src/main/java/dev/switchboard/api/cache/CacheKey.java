package dev.switchboard.api.cache;

import dev.switchboard.api.chat.ChatRequest;

/**
 * What a cache is asked about: the canonical fingerprint of the request (identical for requests that
 * must get the same answer) and the request itself, for caches that match on meaning.
 * {@code scope} separates tenants, so one tenant never sees another's answers.
 */
public record CacheKey(String scope, String fingerprint, ChatRequest request) {

    /** The key exact-match caches store under. */
    public String exactKey() {
        return scope + ':' + fingerprint;
    }
}
