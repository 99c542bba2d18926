package dev.switchboard.api.cache;

import dev.switchboard.api.chat.ChatRequest;
import java.time.Duration;

/**
 * What a cache is asked about: the canonical fingerprint of the request (identical for requests that
 * must get the same answer) and the request itself, for caches that match on meaning.
 * {@code scope} separates tenants, so one tenant never sees another's answers: it is the tenant, then
 * (where the operator or the request asks for it) further partitions, each after a {@link #PARTITION}
 * character (the key, the end user, a namespace). {@code ttl} is how long the request asked an answer to be
 * kept at most, {@code null} for the cache's own time to live.
 */
public record CacheKey(String scope, String fingerprint, ChatRequest request, Duration ttl) {

    /** Separates the tenant from further partitions in {@link #scope}; a control character no name holds. */
    public static final char PARTITION = '\u001F';

    public CacheKey(String scope, String fingerprint, ChatRequest request) {
        this(scope, fingerprint, request, null);
    }

    /** The key exact-match caches store under. */
    public String exactKey() {
        return scope + ':' + fingerprint;
    }

    /** The tenant: {@link #scope} up to its first partition. */
    public String tenant() {
        int end = scope == null ? -1 : scope.indexOf(PARTITION);
        return end < 0 ? scope : scope.substring(0, end);
    }

    /**
     * The exact key laid out so that a tenant's entries, and a tenant's entries of one model, are exactly those
     * under {@link #prefix(String, String)}: tenant and model length-prefixed, then the rest of the scope and the
     * fingerprint. For caches that can clear by tenant or model.
     */
    public String partitionedKey() {
        String model = request == null || request.model() == null ? "" : request.model();
        String tenant = tenant();
        String rest = scope == null ? "" : scope.substring(tenant == null ? 0 : tenant.length());
        return prefix(tenant, model) + rest + ':' + fingerprint;
    }

    /** The common start of {@link #partitionedKey()} of a tenant's entries ({@code model} null: every model). */
    public static String prefix(String tenant, String model) {
        String tenantPart = part(tenant);
        return model == null ? tenantPart : tenantPart + part(model);
    }

    /**
     * Whether a {@link #partitionedKey()} belongs to {@code tenant} and {@code model}; a null one matches any.
     * Malformed keys match nothing.
     */
    public static boolean matches(String partitionedKey, String tenant, String model) {
        int[] end = new int[1];
        String keyTenant = readPart(partitionedKey, 0, end);
        if (keyTenant == null || (tenant != null && !tenant.equals(keyTenant))) {
            return false;
        }
        String keyModel = readPart(partitionedKey, end[0], end);
        return keyModel != null && (model == null || model.equals(keyModel));
    }

    private static String readPart(String key, int from, int[] end) {
        int colon = key.indexOf(':', from);
        if (colon <= from) {
            return null;
        }
        try {
            int length = Integer.parseInt(key, from, colon, 10);
            int stop = colon + 1 + length;
            if (length < 0 || stop >= key.length() || key.charAt(stop) != ':') {
                return null;
            }
            end[0] = stop + 1;
            return key.substring(colon + 1, stop);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String part(String name) {
        String text = name == null ? "" : name;
        return text.length() + ":" + text + ":";
    }
}
