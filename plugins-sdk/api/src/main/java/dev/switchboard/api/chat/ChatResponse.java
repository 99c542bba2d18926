package dev.switchboard.api.chat;

import java.util.List;
import java.util.Map;

/**
 * A complete, non-streaming answer. {@code model} is the model the provider says it used. {@code extensions}
 * holds the answer's other top-level fields as the provider answered them, under their OpenAI names
 * ({@code system_fingerprint}, {@code service_tier}, ...), so they reach the client unchanged.
 */
public record ChatResponse(String id, String model, long createdEpochSeconds, List<ChatChoice> choices, Usage usage,
                           Map<String, Object> extensions) {

    public ChatResponse {
        choices = List.copyOf(choices);
        usage = usage == null ? Usage.NONE : usage;
        extensions = Extensions.copyOf(extensions);
    }

    public ChatResponse(String id, String model, long createdEpochSeconds, List<ChatChoice> choices, Usage usage) {
        this(id, model, createdEpochSeconds, choices, usage, Map.of());
    }

    /** The same answer with other usage (e.g. estimated when the provider reported none). */
    public ChatResponse withUsage(Usage other) {
        return new ChatResponse(id, model, createdEpochSeconds, choices, other, extensions);
    }

    /** The text of the first choice, or an empty string when there is none. */
    public String firstContent() {
        if (choices.isEmpty() || choices.get(0).message() == null || choices.get(0).message().content() == null) {
            return "";
        }
        return choices.get(0).message().content();
    }
}
