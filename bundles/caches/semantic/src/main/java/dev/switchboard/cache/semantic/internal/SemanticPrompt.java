package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What of a request is embedded, and the partition its neighbours must share. The text is the whole conversation
 * (every message's role and text, system prompt included), so two requests only match when all of it is close.
 * The partition is the key's tenant and scope (key, end user, namespace), the model and a hash of every other
 * parameter (temperature, limits, stop, seed, extensions such as tools or response_format): a request never gets an
 * answer made under other parameters. Messages that carry more than text (tool calls, images, content parts) are
 * not matched on meaning at all: their text alone would say too little.
 */
record SemanticPrompt(String partition, String text) {

    /** The prompt of {@code key}, or null when it is not for this cache (no request, not text only, too long). */
    static SemanticPrompt of(CacheKey key, int maxChars) {
        ChatRequest request = key.request();
        if (request == null || key.scope() == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        List<ChatMessage> messages = request.messages();
        for (ChatMessage message : messages) {
            if (!message.extensions().isEmpty() || message.name() != null) {
                return null;
            }
            String content = message.content() == null ? "" : message.content();
            if (text.length() + content.length() > maxChars) {
                return null;
            }
            text.append(message.role()).append(": ").append(content).append('\n');
        }
        if (text.toString().isBlank()) {
            return null;
        }
        String parameters = Arrays.asList(request.temperature(), request.topP(), request.maxTokens(), request.stop(),
                request.seed(), request.extensions()).toString();
        String partition = CacheKey.prefix(key.tenant(), request.model()) + key.scope() + CacheKey.PARTITION
                + digest(parameters);
        return new SemanticPrompt(partition, text.toString());
    }

    /** A digest rather than a hash code: two parameter sets that collide would share answers. */
    private static String digest(String text) {
        try {
            byte[] bytes = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
