package dev.switchboard.api.chat;

import java.util.List;
import java.util.Map;

/**
 * A provider-neutral chat completion request. Optional numeric parameters are {@code null} when the
 * client did not send them, so a provider only forwards what was asked. Fields that are not
 * provider-neutral (tools, response_format, logprobs, ...) travel in {@code extensions} under their
 * OpenAI names; a provider maps the ones it understands and ignores the rest.
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        boolean stream,
        boolean includeUsage,
        String user,
        Map<String, Object> extensions) {

    public ChatRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        extensions = Extensions.copyOf(extensions);
    }

    /** The same request for another model name, e.g. an alias resolved to the provider's model id. */
    public ChatRequest withModel(String otherModel) {
        return new ChatRequest(otherModel, messages, temperature, topP, maxTokens, stop, seed, stream,
                includeUsage, user, extensions);
    }
}
