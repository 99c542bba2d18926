package dev.switchboard.api.chat;

import java.util.Map;

/**
 * One streamed delta of one choice. The first chunk of a choice usually carries the {@code role}; the last one a
 * {@code finishReason}; a usage-only chunk (no delta, no choice) carries {@code usage} when the provider reports
 * it at the end of the stream.
 *
 * <p>What is not provider-neutral travels under its OpenAI name, at the level of the wire chunk it came from, so
 * it reaches the client unchanged: {@code extensions} holds the delta's other fields (streamed
 * {@code tool_calls}, {@code refusal}, ...), {@code choiceExtensions} the choice's ({@code logprobs}, ...), and
 * {@code chunkExtensions} the chunk's top-level ones ({@code system_fingerprint}, {@code service_tier}, ...).
 * {@code createdEpochSeconds} is the provider's {@code created}, 0 when it sent none.
 */
public record ChatChunk(String id, String model, int choiceIndex, String role, String content,
                        String finishReason, Usage usage, Map<String, Object> extensions,
                        Map<String, Object> choiceExtensions, Map<String, Object> chunkExtensions,
                        long createdEpochSeconds) {

    public ChatChunk {
        extensions = Extensions.copyOf(extensions);
        choiceExtensions = Extensions.copyOf(choiceExtensions);
        chunkExtensions = Extensions.copyOf(chunkExtensions);
    }

    public ChatChunk(String id, String model, int choiceIndex, String role, String content, String finishReason,
                     Usage usage, Map<String, Object> extensions) {
        this(id, model, choiceIndex, role, content, finishReason, usage, extensions, Map.of(), Map.of(), 0);
    }

    public ChatChunk(String id, String model, int choiceIndex, String role, String content, String finishReason,
                     Usage usage) {
        this(id, model, choiceIndex, role, content, finishReason, usage, Map.of());
    }

    public static ChatChunk content(String id, String model, String content) {
        return new ChatChunk(id, model, 0, null, content, null, null);
    }

    /** A chunk with usage and nothing of a choice (top-level fields such as {@code system_fingerprint} allowed). */
    public boolean isUsageOnly() {
        return usage != null && role == null && content == null && finishReason == null && extensions.isEmpty()
                && choiceExtensions.isEmpty();
    }

    /** The same chunk without usage, for a client that did not ask for it. */
    public ChatChunk withoutUsage() {
        return new ChatChunk(id, model, choiceIndex, role, content, finishReason, null, extensions, choiceExtensions,
                chunkExtensions, createdEpochSeconds);
    }
}
