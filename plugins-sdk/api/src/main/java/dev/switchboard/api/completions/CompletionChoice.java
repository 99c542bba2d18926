package dev.switchboard.api.completions;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * One completed text (or, in a {@link CompletionChunk}, the text since the last chunk). {@code extensions} holds
 * the choice's other fields as the provider answered them, under their OpenAI names ({@code logprobs}, a vendor's
 * {@code content_filter_results}, ...), so they reach the client unchanged.
 */
public record CompletionChoice(int index, String text, String finishReason, Map<String, Object> extensions) {

    public CompletionChoice {
        extensions = Extensions.copyOf(extensions);
    }

    public CompletionChoice(int index, String text, String finishReason) {
        this(index, text, finishReason, Map.of());
    }
}
