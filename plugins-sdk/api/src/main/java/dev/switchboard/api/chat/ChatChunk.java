package dev.switchboard.api.chat;

/**
 * One streamed delta. The first chunk of a choice usually carries the {@code role}; the last one a
 * {@code finishReason}; a usage-only chunk (no delta, no choice) carries {@code usage} when the
 * provider reports it at the end of the stream.
 */
public record ChatChunk(String id, String model, int choiceIndex, String role, String content,
                        String finishReason, Usage usage) {

    public static ChatChunk content(String id, String model, String content) {
        return new ChatChunk(id, model, 0, null, content, null, null);
    }

    public boolean isUsageOnly() {
        return usage != null && role == null && content == null && finishReason == null;
    }
}
