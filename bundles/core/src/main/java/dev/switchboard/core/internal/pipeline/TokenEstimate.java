package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;

/**
 * A rough token count (about four characters a token, as OpenAI's guidance puts it for English) for
 * quota admission and for providers that report no usage. Never used where the provider reported one.
 */
public final class TokenEstimate {

    /** OpenAI's name for the number of choices to generate; each is billed as completion tokens. */
    public static final String CHOICES = "n";

    private TokenEstimate() {
    }

    /**
     * What a request may cost at most, for admission: the prompt once, and the completion limit once per
     * choice asked for ({@code n}), since every choice is generated and billed. A request without a limit
     * is counted by its prompt only.
     */
    public static long ofRequest(ChatRequest request) {
        return ofRequest(request, ofPrompt(request));
    }

    /** {@link #ofRequest(ChatRequest)} with the prompt already counted. */
    static long ofRequest(ChatRequest request, long promptTokens) {
        long completion = request.maxTokens() == null ? 0 : request.maxTokens();
        return promptTokens + completion * choices(request);
    }

    /** {@code n}, or 1 when not sent (the REST layer admits only a positive integer). */
    public static long choices(ChatRequest request) {
        return request.extensions().get(CHOICES) instanceof Number n && n.longValue() > 1 ? n.longValue() : 1;
    }

    public static long ofPrompt(ChatRequest request) {
        long tokens = 0;
        for (ChatMessage message : request.messages()) {
            tokens += 4 + ofText(message.content());
        }
        return tokens;
    }

    /** The completion of every choice, not only the first. */
    public static long ofCompletion(ChatResponse response) {
        long tokens = 0;
        for (ChatChoice choice : response.choices()) {
            if (choice.message() != null) {
                tokens += ofText(choice.message().content());
            }
        }
        return tokens;
    }

    public static long ofText(CharSequence text) {
        return text == null || text.length() == 0 ? 0 : (text.length() + 3) / 4;
    }

    /** The text of a JSON value (strings in any maps and lists, e.g. a Responses API {@code input}), estimated. */
    static long ofJson(Object value) {
        if (value instanceof CharSequence text) {
            return ofText(text);
        }
        long tokens = 0;
        if (value instanceof java.util.Map<?, ?> map) {
            for (Object element : map.values()) {
                tokens += ofJson(element);
            }
        } else if (value instanceof java.util.List<?> list) {
            for (Object element : list) {
                tokens += ofJson(element);
            }
        }
        return tokens;
    }
}
