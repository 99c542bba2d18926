package dev.switchboard.api.chat;

import java.util.Map;

/**
 * One streamed delta. The first chunk of a choice usually carries the {@code role}; the last one a
 * {@code finishReason}; a usage-only chunk (no delta, no choice) carries {@code usage} when the
 * provider reports it at the end of the stream. Delta fields that are not provider-neutral (streamed
 * {@code tool_calls}, {@code refusal}, ...) travel in {@code extensions} under their OpenAI names.
 */
public record ChatChunk(String id, String model, int choiceIndex, String role, String content,
                        String finishReason, Usage usage, Map<String, Object> extensions) {

    public ChatChunk {
        extensions = Extensions.copyOf(extensions);
    }

    public ChatChunk(String id, String model, int choiceIndex, String role, String content, String finishReason,
                     Usage usage) {
        this(id, model, choiceIndex, role, content, finishReason, usage, Map.of());
    }

    public static ChatChunk content(String id, String model, String content) {
        return new ChatChunk(id, model, 0, null, content, null, null);
    }

    public boolean isUsageOnly() {
        return usage != null && role == null && content == null && finishReason == null && extensions.isEmpty();
    }

    /** The same chunk without usage, for a client that did not ask for it. */
    public ChatChunk withoutUsage() {
        return new ChatChunk(id, model, choiceIndex, role, content, finishReason, null, extensions);
    }
}
