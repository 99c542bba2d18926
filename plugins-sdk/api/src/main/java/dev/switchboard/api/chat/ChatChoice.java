package dev.switchboard.api.chat;

import java.util.Map;

/**
 * One alternative of a non-streaming answer. {@code extensions} holds the choice's other fields as the provider
 * answered them, under their OpenAI names ({@code logprobs}, a vendor's {@code content_filter_results}, ...).
 */
public record ChatChoice(int index, ChatMessage message, String finishReason, Map<String, Object> extensions) {

    public ChatChoice {
        extensions = Extensions.copyOf(extensions);
    }

    public ChatChoice(int index, ChatMessage message, String finishReason) {
        this(index, message, finishReason, Map.of());
    }
}
