package dev.switchboard.core.internal.cache;

import dev.switchboard.core.api.GatewayException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one request says about caching, in the gateway's {@code cache} body field: {@code true} (cache
 * this even though it is not deterministic), {@code false} (neither read nor store), or an object
 * {@code {"no_store":bool, "no_cache":bool, "ttl":seconds, "namespace":"name"}} (an object also opts in).
 * The REST layer turns the {@code x-switchboard-cache-control} header ({@code no-store, no-cache, ttl=60,
 * namespace=foo}) into that object. {@code no_cache}: do not answer from cache, but store the fresh answer;
 * {@code no_store}: answer from cache if it can, but do not store; {@code namespace}: a partition of the
 * tenant's answers of its own. A malformed field is the client's error (400).
 */
public record CacheDirective(Boolean optIn, boolean noCache, boolean noStore, Duration ttl, String namespace) {

    public static final CacheDirective NONE = new CacheDirective(null, false, false, null, null);
    private static final CacheDirective ON = new CacheDirective(true, false, false, null, null);
    private static final CacheDirective OFF = new CacheDirective(false, true, true, null, null);
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static CacheDirective of(Object field) {
        if (field == null) {
            return NONE;
        }
        if (field instanceof Boolean flag) {
            return flag ? ON : OFF;
        }
        if ("true".equals(field.toString())) {
            return ON;
        }
        if ("false".equals(field.toString())) {
            return OFF;
        }
        if (field instanceof Map<?, ?> map) {
            return ofObject(map);
        }
        throw GatewayException.invalidRequest("cache", "cache must be true, false or an object");
    }

    private static CacheDirective ofObject(Map<?, ?> map) {
        boolean noCache = flag(map, "no_cache");
        boolean noStore = flag(map, "no_store");
        Duration ttl = null;
        Object ttlField = map.get("ttl");
        if (ttlField != null) {
            if (!(ttlField instanceof Number seconds) || seconds.doubleValue() < 1 || seconds.doubleValue() > 31_536_000
                    || seconds.doubleValue() != Math.rint(seconds.doubleValue())) {
                throw GatewayException.invalidRequest("cache.ttl", "cache.ttl must be whole seconds from 1 to 31536000");
            }
            ttl = Duration.ofSeconds(seconds.longValue());
        }
        String namespace = null;
        Object ns = map.get("namespace");
        if (ns != null) {
            if (!(ns instanceof String text) || !NAMESPACE.matcher(text).matches()) {
                throw GatewayException.invalidRequest("cache.namespace",
                        "cache.namespace must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            namespace = text;
        }
        for (Object key : map.keySet()) {
            if (!"no_cache".equals(key) && !"no_store".equals(key) && !"ttl".equals(key) && !"namespace".equals(key)) {
                throw GatewayException.invalidRequest("cache." + key, "unknown cache directive '" + key + "'");
            }
        }
        return new CacheDirective(true, noCache, noStore, ttl, namespace);
    }

    private static boolean flag(Map<?, ?> map, String name) {
        Object value = map.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw GatewayException.invalidRequest("cache." + name, "cache." + name + " must be true or false");
    }
}
