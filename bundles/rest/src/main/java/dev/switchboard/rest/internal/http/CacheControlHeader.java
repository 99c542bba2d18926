package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-switchboard-cache-control} request header ({@code no-store, no-cache, ttl=60, namespace=foo}),
 * turned into the gateway's {@code cache} body field, where core reads every cache directive: its
 * directives are added to the field's (the header's win where both give one); {@code "cache": false} in the
 * body stays an opt-out. The standard {@code Cache-Control} is left alone on purpose: clients and proxies send
 * it about HTTP caches ({@code no-cache} by default in some), and it must not switch off the answer cache.
 */
final class CacheControlHeader {

    static final String NAME = "x-switchboard-cache-control";

    private CacheControlHeader() {
    }

    /** The directives, or {@code null} without the header; a 400 for one it does not know. */
    static Map<String, Object> parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Map<String, Object> directives = new LinkedHashMap<>();
        for (String raw : header.split(",")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
            String value = eq < 0 ? null : part.substring(eq + 1).trim();
            switch (name) {
                case "no-store" -> directives.put("no_store", true);
                case "no-cache" -> directives.put("no_cache", true);
                case "ttl" -> directives.put("ttl", seconds(value));
                case "namespace" -> directives.put("namespace", value == null ? "" : value);
                default -> throw GatewayException.invalidRequest(NAME, "unknown cache directive '" + name
                        + "' in " + NAME + " (no-store, no-cache, ttl=<seconds>, namespace=<name>)");
            }
        }
        return directives;
    }

    private static Object seconds(String value) {
        try {
            return Long.parseLong(value == null ? "" : value);
        } catch (NumberFormatException e) {
            throw GatewayException.invalidRequest(NAME, "ttl in " + NAME + " must be whole seconds");
        }
    }

    /** The request with the header's directives in its {@code cache} field. */
    static ChatRequest apply(ChatRequest request, Map<String, Object> directives) {
        if (directives == null || directives.isEmpty()) {
            return request;
        }
        Object field = request.extensions().get("cache");
        if (Boolean.FALSE.equals(field)) {
            return request;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (field instanceof Map<?, ?> body) {
            body.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        merged.putAll(directives);
        Map<String, Object> extensions = new LinkedHashMap<>(request.extensions());
        extensions.put("cache", merged);
        return new ChatRequest(request.model(), request.messages(), request.temperature(), request.topP(),
                request.maxTokens(), request.stop(), request.seed(), request.stream(), request.includeUsage(),
                request.user(), extensions);
    }
}
