package dev.switchboard.api.completions;

import dev.switchboard.api.chat.Extensions;
import java.util.List;
import java.util.Map;

/**
 * A legacy text completion ({@code POST /v1/completions}): one or more prompts. Optional fields are {@code null}
 * when not sent; others ({@code echo}, {@code suffix}, {@code logprobs}, {@code best_of}, ...) travel in
 * {@code extensions} under their OpenAI names.
 */
public record CompletionRequest(String model, List<String> prompt, Integer maxTokens, Double temperature,
                                Double topP, Integer n, List<String> stop, Long seed, String user,
                                Map<String, Object> extensions) {

    public CompletionRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        prompt = prompt == null ? List.of() : List.copyOf(prompt);
        stop = stop == null ? List.of() : List.copyOf(stop);
        extensions = Extensions.copyOf(extensions);
    }

    public CompletionRequest withModel(String otherModel) {
        return new CompletionRequest(otherModel, prompt, maxTokens, temperature, topP, n, stop, seed, user,
                extensions);
    }

    /** Completions generated per prompt: {@code n}, or 1. */
    public int choicesPerPrompt() {
        return n == null || n < 1 ? 1 : n;
    }
}
