package dev.switchboard.api.chat;

import java.util.List;
import java.util.Map;

/**
 * A provider-neutral chat completion request. Optional numeric parameters are {@code null} when the
 * client did not send them, so a provider only forwards what was asked. Fields that are not
 * provider-neutral (tools, response_format, logprobs, ...) travel in {@code extensions} under their
 * OpenAI names; a provider maps the ones it understands and ignores the rest. Build one with
 * {@link #builder(String, List)}, change one with {@link #toBuilder()} or a {@code with...} method.
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

    /** A request for {@code model} with {@code messages}; every optional field unset, not streamed. */
    public static Builder builder(String model, List<ChatMessage> messages) {
        return new Builder(model, messages);
    }

    /** A builder holding every field of this request. */
    public Builder toBuilder() {
        return new Builder(model, messages).temperature(temperature).topP(topP).maxTokens(maxTokens).stop(stop)
                .seed(seed).stream(stream).includeUsage(includeUsage).user(user).extensions(extensions);
    }

    /** The same request for another model name, e.g. an alias resolved to the provider's model id. */
    public ChatRequest withModel(String otherModel) {
        return new ChatRequest(otherModel, messages, temperature, topP, maxTokens, stop, seed, stream,
                includeUsage, user, extensions);
    }

    /** The same request, streamed or not, asking for the usage chunk or not. */
    public ChatRequest withStreaming(boolean streamed, boolean withUsage) {
        return new ChatRequest(model, messages, temperature, topP, maxTokens, stop, seed, streamed, withUsage, user,
                extensions);
    }

    /** Collects the fields of a {@link ChatRequest}; {@link #build()} validates them as the constructor does. */
    public static final class Builder {
        private String model;
        private List<ChatMessage> messages;
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private List<String> stop;
        private Long seed;
        private boolean stream;
        private boolean includeUsage;
        private String user;
        private Map<String, Object> extensions;

        private Builder(String model, List<ChatMessage> messages) {
            this.model = model;
            this.messages = messages;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder messages(List<ChatMessage> value) {
            this.messages = value;
            return this;
        }

        public Builder temperature(Double value) {
            this.temperature = value;
            return this;
        }

        public Builder topP(Double value) {
            this.topP = value;
            return this;
        }

        public Builder maxTokens(Integer value) {
            this.maxTokens = value;
            return this;
        }

        public Builder stop(List<String> value) {
            this.stop = value;
            return this;
        }

        public Builder seed(Long value) {
            this.seed = value;
            return this;
        }

        public Builder stream(boolean value) {
            this.stream = value;
            return this;
        }

        public Builder includeUsage(boolean value) {
            this.includeUsage = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder extensions(Map<String, Object> value) {
            this.extensions = value;
            return this;
        }

        /** @throws IllegalArgumentException when the model is missing or there are no messages */
        public ChatRequest build() {
            return new ChatRequest(model, messages, temperature, topP, maxTokens, stop, seed, stream, includeUsage,
                    user, extensions);
        }
    }
}
