package dev.switchboard.core.internal.cache;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which requests may be answered from cache, and under which key. Cacheable: deterministic requests
 * ({@code temperature} 0) or those that ask for it with the gateway's {@code cache} field
 * ({@link CacheDirective}); {@code "cache": false} always opts out, and so does a model the operator
 * excluded ({@link CacheSettings}). Requests with tools or images are cacheable only where the operator
 * allows it. Answers are kept per tenant; per key too where the operator says so; per end user when the
 * request names one ({@code user}: an answer meant for one user is never served to another); per
 * namespace when the request gives one. The {@code cache} field is the gateway's, so it is stripped
 * before the request goes upstream.
 */
public final class CachePolicy {

    public static final String CACHE_EXTENSION = "cache";
    /** The pins of {@code pipeline.Pinning}, named here too so cache need not import the pipeline. */
    static final String PIN_INSTANCE_FIELD = "switchboard_instance";
    static final String PIN_PROVIDER_FIELD = "switchboard_provider";

    private CachePolicy() {
    }

    /**
     * How one request uses the caches: {@code lookup} (may be answered from them), {@code store} (its answer is
     * kept), under {@code key}.
     */
    public record Decision(CacheKey key, boolean lookup, boolean store) {
    }

    /** With the default settings, for a request with no key or tenant of its own (tests, tools). */
    public static boolean isCacheable(ChatRequest request) {
        return decide(request, new Caller("", "", "", false), CacheSettings.DEFAULTS, "") != null;
    }

    /**
     * {@code null} when the request neither reads nor fills the caches (also when it is pinned). {@code fingerprint} is computed only
     * when the request is cacheable. Throws a 400 for a malformed {@code cache} field. The caller's key's own setting
     * ({@link Caller#cacheMode()}, from its record) applies over whatever the request asks, and can only narrow
     * caching, never opt a request in: {@link CacheMode#OFF} turns caching off for the key (the request's
     * {@code cache} field is still checked, so a malformed one stays a 400), {@link CacheMode#KEY} keeps its answers
     * apart from every other key's, as if {@code cache.partition=key} held for this key only (a partition
     * {@code k=<key id>} in the scope).
     */
    public static Decision decide(ChatRequest request, Caller caller, CacheSettings settings) {
        return decide(request, caller, settings, null);
    }

    private static Decision decide(ChatRequest request, Caller caller, CacheSettings settings, String fingerprint) {
        CacheDirective directive = CacheDirective.of(request.extensions().get(CACHE_EXTENSION));
        CacheMode keyMode = caller.cacheMode();
        // a pinned request asks one upstream for its answer (a test of that instance or provider): never a cached one
        if (caller.pins() || keyMode == CacheMode.OFF || Boolean.FALSE.equals(directive.optIn())
                || (directive.noCache() && directive.noStore())) {
            return null;
        }
        boolean deterministic = request.temperature() != null && request.temperature() == 0.0;
        if (!Boolean.TRUE.equals(directive.optIn()) && !deterministic) {
            return null;
        }
        if (settings.disabled(request.model())
                || (!settings.cacheTools() && hasTools(request))
                || (!settings.cacheImages() && hasImages(request))) {
            return null;
        }
        String scope = scope(request, caller, settings.partitionByKey() || keyMode == CacheMode.KEY,
                directive);
        CacheKey key = new CacheKey(scope, fingerprint != null ? fingerprint : RequestFingerprint.of(request), request,
                shorter(directive.ttl(), settings.ttl(request.model())));
        return new Decision(key, !directive.noCache(), !directive.noStore());
    }

    private static String scope(ChatRequest request, Caller caller, boolean partitionByKey, CacheDirective directive) {
        String tenant = caller.tenant() == null ? "" : caller.tenant();
        boolean byKey = partitionByKey && caller.keyId() != null;
        if (!byKey && request.user() == null && directive.namespace() == null) {
            return tenant;
        }
        StringBuilder scope = new StringBuilder(tenant);
        if (byKey) {
            scope.append(CacheKey.PARTITION).append("k=").append(caller.keyId());
        }
        if (request.user() != null) {
            scope.append(CacheKey.PARTITION).append("u=").append(request.user());
        }
        if (directive.namespace() != null) {
            scope.append(CacheKey.PARTITION).append("n=").append(directive.namespace());
        }
        return scope.toString();
    }

    private static Duration shorter(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    /** Tools (or the older functions) make answers that act: cached only where the operator allows it. */
    static boolean hasTools(ChatRequest request) {
        Map<String, Object> ext = request.extensions();
        return ext.containsKey("tools") || ext.containsKey("functions");
    }

    /** Content parts other than text (an image, audio, a file): one user's input, cached only where allowed. */
    static boolean hasImages(ChatRequest request) {
        for (ChatMessage message : request.messages()) {
            if (message.extensions().get("content") instanceof List<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> map && !"text".equals(map.get("type"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The request without the gateway's own fields, as providers should see it. */
    public static ChatRequest forUpstream(ChatRequest request) {
        Map<String, Object> own = request.extensions();
        if (own.isEmpty() || !own.containsKey(CACHE_EXTENSION) && !own.containsKey(PIN_INSTANCE_FIELD)
                && !own.containsKey(PIN_PROVIDER_FIELD)) {
            return request;
        }
        // the gateway's own fields (cache control, pins) are never sent upstream
        Map<String, Object> extensions = new LinkedHashMap<>(own);
        extensions.remove(CACHE_EXTENSION);
        extensions.remove(PIN_INSTANCE_FIELD);
        extensions.remove(PIN_PROVIDER_FIELD);
        return new ChatRequest(request.model(), request.messages(), request.temperature(), request.topP(),
                request.maxTokens(), request.stop(), request.seed(), request.stream(), request.includeUsage(),
                request.user(), extensions);
    }
}
