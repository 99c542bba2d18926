package dev.switchboard.api.chat;

/** One alternative of a non-streaming answer. */
public record ChatChoice(int index, ChatMessage message, String finishReason) {
}
