package dev.switchboard.cache.grid.internal;

import dev.switchboard.api.cache.CacheKey;

/**
 * Keys of the shared map: tenant scope, model and fingerprint, each of the first two length-prefixed so
 * that a tenant's (or a tenant's model's) entries are exactly those under one prefix, whatever characters
 * the names hold. That is what clearing by tenant or model needs.
 */
final class GridCacheKeys {

    private GridCacheKeys() {
    }

    static String of(CacheKey key) {
        String model = key.request() == null || key.request().model() == null ? "" : key.request().model();
        return prefix(key.scope(), model) + key.fingerprint();
    }

    static String prefix(String scope) {
        return part(scope);
    }

    static String prefix(String scope, String model) {
        return part(scope) + part(model);
    }

    private static String part(String name) {
        String text = name == null ? "" : name;
        return text.length() + ":" + text + ":";
    }
}
