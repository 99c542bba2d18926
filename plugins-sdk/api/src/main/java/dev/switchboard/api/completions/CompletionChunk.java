package dev.switchboard.api.completions;

import dev.switchboard.api.chat.Usage;
import java.util.List;

/**
 * One event of a streamed legacy completion (OpenAI's {@code text_completion} chunk): the text generated since the
 * last one per choice, a choice's finish reason when it ends, and {@code usage} on the last chunk when the upstream
 * reports it ({@code null} otherwise; such a chunk may have no choices).
 */
public record CompletionChunk(String id, String model, long createdEpochSeconds, List<CompletionChoice> choices,
                              Usage usage) {

    public CompletionChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
