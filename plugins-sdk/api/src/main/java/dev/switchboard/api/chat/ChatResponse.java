package dev.switchboard.api.chat;

import java.util.List;

/** A complete, non-streaming answer. {@code model} is the model the provider says it used. */
public record ChatResponse(String id, String model, long createdEpochSeconds, List<ChatChoice> choices, Usage usage) {

    public ChatResponse {
        choices = List.copyOf(choices);
        usage = usage == null ? Usage.NONE : usage;
    }

    /** The text of the first choice, or an empty string when there is none. */
    public String firstContent() {
        if (choices.isEmpty() || choices.get(0).message() == null || choices.get(0).message().content() == null) {
            return "";
        }
        return choices.get(0).message().content();
    }
}
