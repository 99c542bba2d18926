package dev.switchboard.api.chat;

import java.util.Map;

/**
 * One message of a conversation. {@code content} is the text; anything beyond the provider-neutral
 * fields (tool calls, content parts, ...) travels in {@code extensions} under its OpenAI field name.
 */
public record ChatMessage(String role, String content, String name, Map<String, Object> extensions) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public ChatMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("message role is required");
        }
        extensions = Extensions.copyOf(extensions);
    }

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, null, Map.of());
    }
}
