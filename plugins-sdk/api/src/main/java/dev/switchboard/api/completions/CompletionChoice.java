package dev.switchboard.api.completions;

/** One completed text. */
public record CompletionChoice(int index, String text, String finishReason) {
}
