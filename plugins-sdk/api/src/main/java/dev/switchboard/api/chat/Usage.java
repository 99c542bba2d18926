package dev.switchboard.api.chat;

import java.util.Map;

/**
 * Tokens a call consumed, as the provider reported them (or as estimated when it reported none).
 *
 * <p>The counts follow OpenAI's accounting, whatever the vendor: {@code promptTokens} is every input token,
 * those read from the vendor's prompt cache ({@code cachedPromptTokens}) and those written to it
 * ({@code cacheWriteTokens}) included; {@code completionTokens} is every output token, the reasoning ones
 * ({@code reasoningTokens}) included. A vendor that counts them apart (Anthropic's {@code input_tokens} leaves out
 * cache reads and writes) adds them up in its mapping, so the typed fields are parts of the two totals and cost
 * is priced from them without counting a token twice ({@code ModelInfo#cost(Usage)}).
 *
 * <p>{@code extensions} holds the usage object's other fields as the provider answered them, under their OpenAI
 * names ({@code prompt_tokens_details}, {@code completion_tokens_details}, ...), so they reach the client
 * unchanged; the typed fields are what the gateway prices and counts.
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens, long cacheWriteTokens,
                    long reasoningTokens, Map<String, Object> extensions) {

    public static final Usage NONE = new Usage(0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        extensions = Extensions.copyOf(extensions);
    }

    /** Prompt and completion tokens only, nothing cached, no reasoning reported. */
    public Usage(long promptTokens, long completionTokens) {
        this(promptTokens, completionTokens, 0, 0, 0, Map.of());
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Input tokens billed at the full input price: the prompt without cache reads and writes (never negative). */
    public long uncachedPromptTokens() {
        return Math.max(0, promptTokens - cachedPromptTokens - cacheWriteTokens);
    }
}
