package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * OpenAI's {@code chat.completion} object, generated straight onto the response stream. Every field the provider
 * answered beyond the ones we model ({@code system_fingerprint}, {@code service_tier}, {@code logprobs},
 * {@code refusal}, the usage details, future ones) is written back at its level, under its name, unchanged.
 */
public final class ChatCompletionWriter {

    public void write(ChatResponse response, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", response.id());
            gen.writeStringField("object", "chat.completion");
            gen.writeNumberField("created", response.createdEpochSeconds());
            gen.writeStringField("model", response.model());
            gen.writeArrayFieldStart("choices");
            for (ChatChoice choice : response.choices()) {
                writeChoice(gen, choice);
            }
            gen.writeEndArray();
            writeUsage(gen, response.usage());
            writeExtensions(gen, response.extensions(), Level.TOP);
            gen.writeEndObject();
        }
    }

    private static void writeChoice(JsonGenerator gen, ChatChoice choice) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("index", choice.index());
        ChatMessage message = choice.message();
        gen.writeObjectFieldStart("message");
        gen.writeStringField("role", message == null ? ChatMessage.ASSISTANT : message.role());
        gen.writeStringField("content", message == null ? null : message.content());
        if (message != null) {
            if (message.name() != null) {
                gen.writeStringField("name", message.name());
            }
            // provider-specific parts of the answer (tool_calls, refusal, ...) keep their OpenAI names
            writeExtensions(gen, message.extensions(), Level.MESSAGE);
        }
        gen.writeEndObject();
        writeExtensions(gen, choice.extensions(), Level.CHOICE);
        gen.writeStringField("finish_reason", choice.finishReason());
        gen.writeEndObject();
    }

    /**
     * The usage object: the counts, then the provider's other usage fields as answered. A provider that reports
     * cached or reasoning tokens without OpenAI's details objects (another vendor's mapping) gets them written in
     * OpenAI's shape, so clients find them where they look.
     */
    static void writeUsage(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeObjectFieldStart("usage");
        gen.writeNumberField("prompt_tokens", usage.promptTokens());
        gen.writeNumberField("completion_tokens", usage.completionTokens());
        gen.writeNumberField("total_tokens", usage.totalTokens());
        Map<String, Object> extensions = usage.extensions();
        if (usage.cachedPromptTokens() > 0 && !extensions.containsKey("prompt_tokens_details")) {
            gen.writeObjectFieldStart("prompt_tokens_details");
            gen.writeNumberField("cached_tokens", usage.cachedPromptTokens());
            gen.writeEndObject();
        }
        if (usage.reasoningTokens() > 0 && !extensions.containsKey("completion_tokens_details")) {
            gen.writeObjectFieldStart("completion_tokens_details");
            gen.writeNumberField("reasoning_tokens", usage.reasoningTokens());
            gen.writeEndObject();
        }
        writeExtensions(gen, extensions, Level.USAGE);
        gen.writeEndObject();
    }

    /** Where an extension map sits: each level has the fields the writers own, which an extension cannot repeat. */
    enum Level {
        TOP, CHOICE, TEXT_CHOICE, MESSAGE, USAGE, DELTA;

        boolean owns(String name) {
            return switch (this) {
                case TOP -> "id".equals(name) || "object".equals(name) || "created".equals(name)
                        || "model".equals(name) || "choices".equals(name) || "usage".equals(name);
                case CHOICE -> "index".equals(name) || "message".equals(name) || "delta".equals(name)
                        || "finish_reason".equals(name);
                case TEXT_CHOICE -> "index".equals(name) || "text".equals(name) || "finish_reason".equals(name);
                case MESSAGE -> "role".equals(name) || "content".equals(name) || "name".equals(name);
                case DELTA -> "role".equals(name) || "content".equals(name);
                case USAGE -> "prompt_tokens".equals(name) || "completion_tokens".equals(name)
                        || "total_tokens".equals(name);
            };
        }
    }

    static void writeExtensions(JsonGenerator gen, Map<String, Object> extensions, Level level) throws IOException {
        if (extensions.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            String key = extension.getKey();
            if (!level.owns(key)) {
                gen.writeObjectField(key, extension.getValue());
            }
        }
    }
}
