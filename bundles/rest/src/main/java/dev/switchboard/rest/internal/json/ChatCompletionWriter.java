package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** OpenAI's {@code chat.completion} object, generated straight onto the response stream. */
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
            for (Map.Entry<String, Object> extension : message.extensions().entrySet()) {
                String key = extension.getKey();
                if (!"role".equals(key) && !"content".equals(key) && !"name".equals(key)) {
                    gen.writeObjectField(key, extension.getValue());
                }
            }
        }
        gen.writeEndObject();
        gen.writeStringField("finish_reason", choice.finishReason());
        gen.writeEndObject();
    }

    static void writeUsage(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeObjectFieldStart("usage");
        gen.writeNumberField("prompt_tokens", usage.promptTokens());
        gen.writeNumberField("completion_tokens", usage.completionTokens());
        gen.writeNumberField("total_tokens", usage.totalTokens());
        gen.writeEndObject();
    }
}
