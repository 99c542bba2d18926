package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** A {@link ChatResponse} as Anthropic's {@code message} object (the first choice; Anthropic has no others). */
public final class MessageWriter {

    public void write(ChatResponse response, OutputStream out) throws IOException {
        ChatChoice choice = response.choices().isEmpty() ? null : response.choices().get(0);
        ChatMessage message = choice == null ? null : choice.message();
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", response.id() == null ? "msg_switchboard" : response.id());
            gen.writeStringField("type", "message");
            gen.writeStringField("role", "assistant");
            gen.writeStringField("model", response.model());
            gen.writeArrayFieldStart("content");
            if (message != null) {
                writeThinking(gen, message.extensions());
            }
            if (message != null && message.content() != null && !message.content().isEmpty()) {
                gen.writeStartObject();
                gen.writeStringField("type", "text");
                gen.writeStringField("text", message.content());
                gen.writeEndObject();
            }
            if (message != null && message.extensions().get("tool_calls") instanceof List<?> calls) {
                for (Object call : calls) {
                    if (call instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
                        gen.writeStartObject();
                        gen.writeStringField("type", "tool_use");
                        gen.writeStringField("id", String.valueOf(map.get("id")));
                        gen.writeStringField("name", String.valueOf(function.get("name")));
                        gen.writeFieldName("input");
                        gen.writeTree(arguments(function.get("arguments")));
                        gen.writeEndObject();
                    }
                }
            }
            gen.writeEndArray();
            gen.writeStringField("stop_reason", stopReason(choice == null ? null : choice.finishReason()));
            gen.writeNullField("stop_sequence");
            writeUsage(gen, response.usage());
            gen.writeEndObject();
        }
    }

    /**
     * Reasoning first, as Anthropic answers it: the signed {@code thinking_blocks} as they came, else
     * {@code reasoning_content} (a provider with no signatures, Gemini) as one thinking block with an empty signature.
     */
    static void writeThinking(JsonGenerator gen, Map<String, Object> extensions) throws IOException {
        if (extensions.get("thinking_blocks") instanceof List<?> blocks && !blocks.isEmpty()) {
            for (Object block : blocks) {
                if (block instanceof Map<?, ?> map && "redacted_thinking".equals(map.get("type"))) {
                    gen.writeStartObject();
                    gen.writeStringField("type", "redacted_thinking");
                    gen.writeStringField("data", text(map.get("data")));
                    gen.writeEndObject();
                } else if (block instanceof Map<?, ?> map) {
                    thinkingBlock(gen, text(map.get("thinking")), text(map.get("signature")));
                }
            }
        } else if (extensions.get("reasoning_content") instanceof String reasoning && !reasoning.isEmpty()) {
            thinkingBlock(gen, reasoning, "");
        }
    }

    private static void thinkingBlock(JsonGenerator gen, String thinking, String signature) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "thinking");
        gen.writeStringField("thinking", thinking);
        gen.writeStringField("signature", signature);
        gen.writeEndObject();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** OpenAI's arguments are JSON text; Anthropic's input is the object (an empty one if the text is not JSON). */
    static JsonNode arguments(Object arguments) {
        if (arguments instanceof String text && !text.isBlank()) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // a model that wrote broken JSON: the client still gets a well-formed message
            }
        } else if (arguments instanceof Map<?, ?>) {
            return Json.MAPPER.valueToTree(arguments);
        }
        return Json.MAPPER.createObjectNode();
    }

    /** OpenAI's finish reason in Anthropic's words. */
    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    static void writeUsage(JsonGenerator gen, Usage usage) throws IOException {
        Usage counted = usage == null ? Usage.NONE : usage;
        gen.writeObjectFieldStart("usage");
        usageFields(gen, counted);
        gen.writeEndObject();
    }

    /** Anthropic's split: {@code input_tokens} leaves out the prompt-cache reads and writes, counted apart. */
    static void usageFields(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeNumberField("input_tokens", usage.uncachedPromptTokens());
        gen.writeNumberField("cache_creation_input_tokens", usage.cacheWriteTokens());
        gen.writeNumberField("cache_read_input_tokens", usage.cachedPromptTokens());
        gen.writeNumberField("output_tokens", usage.completionTokens());
    }
}
