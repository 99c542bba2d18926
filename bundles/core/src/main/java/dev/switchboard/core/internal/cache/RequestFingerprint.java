package dev.switchboard.core.internal.cache;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical fingerprint of a request: SHA-256 over everything that can change the answer, written
 * in one fixed order with length prefixes (so no two different requests collide by concatenation),
 * map keys sorted (so JSON key order does not matter). Left out on purpose: {@code stream} and
 * {@code stream_options} (a cached answer can be replayed either way), {@code user} (an end-user
 * tag, not an input) and the gateway's own {@code cache} switch.
 */
public final class RequestFingerprint {

    private static final Set<String> IGNORED_EXTENSIONS = Set.of(CachePolicy.CACHE_EXTENSION, "stream_options");

    private RequestFingerprint() {
    }

    public static String of(ChatRequest request) {
        StringBuilder canonical = new StringBuilder(256);
        field(canonical, "model", request.model());
        canonical.append("messages[").append(request.messages().size()).append(']');
        for (ChatMessage message : request.messages()) {
            field(canonical, "role", message.role());
            field(canonical, "content", message.content());
            field(canonical, "name", message.name());
            value(canonical, message.extensions());
        }
        field(canonical, "temperature", request.temperature());
        field(canonical, "top_p", request.topP());
        field(canonical, "max_tokens", request.maxTokens());
        field(canonical, "seed", request.seed());
        canonical.append("stop");
        value(canonical, request.stop());
        Map<String, Object> extensions = new TreeMap<>(request.extensions());
        extensions.keySet().removeAll(IGNORED_EXTENSIONS);
        canonical.append("ext");
        value(canonical, extensions);
        return sha256(canonical.toString());
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name);
        value(out, value);
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append('~');
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{').append(sorted.size()).append(':');
            sorted.forEach((k, v) -> {
                value(out, k);
                value(out, v);
            });
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[').append(list.size()).append(':');
            list.forEach(item -> value(out, item));
            out.append(']');
        } else if (value instanceof String text) {
            out.append('s').append(text.length()).append(':').append(text);
        } else if (value instanceof Number number) {
            // 0.0 and 0 must be the same temperature
            out.append('n').append(new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString())
                    .append(';');
        } else if (value instanceof Boolean flag) {
            out.append(flag ? 'T' : 'F');
        } else {
            // JSON trees from the REST layer render canonically only once their object keys are sorted
            value(out, JsonCanonical.toPlain(value));
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
