package dev.switchboard.core.internal.cache;

import dev.switchboard.api.chat.ChatRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which requests may be answered from cache: deterministic ones ({@code temperature} 0) or those that
 * ask for it with the gateway's {@code "cache": true} body field; {@code "cache": false} always opts
 * out. The field is the gateway's, so it is stripped before the request goes upstream.
 */
public final class CachePolicy {

    public static final String CACHE_EXTENSION = "cache";

    private CachePolicy() {
    }

    public static boolean isCacheable(ChatRequest request) {
        Object flag = request.extensions().get(CACHE_EXTENSION);
        Boolean asked = asBoolean(flag);
        if (asked != null) {
            return asked;
        }
        return request.temperature() != null && request.temperature() == 0.0;
    }

    /** The request without the gateway's own fields, as providers should see it. */
    public static ChatRequest forUpstream(ChatRequest request) {
        if (!request.extensions().containsKey(CACHE_EXTENSION)) {
            return request;
        }
        Map<String, Object> extensions = new LinkedHashMap<>(request.extensions());
        extensions.remove(CACHE_EXTENSION);
        return new ChatRequest(request.model(), request.messages(), request.temperature(), request.topP(),
                request.maxTokens(), request.stop(), request.seed(), request.stream(), request.includeUsage(),
                request.user(), extensions);
    }

    private static Boolean asBoolean(Object flag) {
        if (flag instanceof Boolean b) {
            return b;
        }
        if (flag != null && ("true".equals(flag.toString()) || "false".equals(flag.toString()))) {
            return Boolean.valueOf(flag.toString());
        }
        return null;
    }
}
