package dev.switchboard.api.completions;

import dev.switchboard.api.chat.Usage;
import java.util.List;

/** A legacy completion's answer. */
public record TextCompletion(String id, String model, long createdEpochSeconds, List<CompletionChoice> choices,
                             Usage usage) {

    public TextCompletion {
        choices = List.copyOf(choices);
        usage = usage == null ? Usage.NONE : usage;
    }
}
