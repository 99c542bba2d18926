package dev.switchboard.support.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API's answers (a message, the stream's events, the error envelope) as records, read with
 * Jackson's streaming parser: no tree, no reflection, unknown fields skipped. A tool_use block's {@code input}
 * is kept as JSON text, because OpenAI's tool call carries its arguments as a string.
 */
public final class AnthropicWire {

    private AnthropicWire() {
    }

    public record Message(String id, String model, List<Block> content, String stopReason, Usage usage) {
    }

    /**
     * A content block: text ({@code text}), tool_use ({@code id}, {@code name}, {@code input} as JSON), thinking
     * ({@code thinking}, {@code signature}), redacted_thinking ({@code data}) or other.
     */
    public record Block(String type, String text, String id, String name, String input, String thinking,
                        String signature, String data) {
    }

    /**
     * Token counts; {@code null} where the event did not say (message_delta carries output_tokens, newer API
     * versions the input and cache counts too). Input tokens exclude the cached ones.
     */
    public record Usage(Long inputTokens, Long outputTokens, Long cacheCreationInputTokens, Long cacheReadInputTokens) {
    }

    /**
     * One stream event. {@code delta} is a content_block_delta's (text_delta: {@code text}; input_json_delta:
     * {@code partialJson}) or a message_delta's ({@code stopReason}).
     */
    public record Event(String type, int index, Message message, Block block, Delta delta, Usage usage, Error error) {
    }

    /** thinking_delta carries {@code thinking}, signature_delta {@code signature}. */
    public record Delta(String type, String text, String partialJson, String stopReason, String thinking,
                        String signature) {
    }

    public record Error(String type, String message) {
    }

    public static Message readMessage(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            expectObject(p);
            return message(p);
        }
    }

    public static Event readEvent(String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            expectObject(p);
            String type = null;
            int index = 0;
            Message message = null;
            Block block = null;
            Delta delta = null;
            Usage usage = null;
            Error error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "type" -> type = text(p, token);
                    case "index" -> index = token == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "message" -> message = token == JsonToken.START_OBJECT ? message(p) : skip(p);
                    case "content_block" -> block = token == JsonToken.START_OBJECT ? block(p) : skip(p);
                    case "delta" -> delta = token == JsonToken.START_OBJECT ? delta(p) : skip(p);
                    case "usage" -> usage = token == JsonToken.START_OBJECT ? usage(p) : skip(p);
                    case "error" -> error = token == JsonToken.START_OBJECT ? error(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
            if (type == null) {
                throw new IOException("event without a type");
            }
            return new Event(type, index, message, block, delta, usage, error);
        }
    }

    /** The {@code error} object of an error body, or {@code null} when the body is not Anthropic's envelope. */
    public static Error readError(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Error error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("error".equals(field) && token == JsonToken.START_OBJECT) {
                    error = error(p);
                } else {
                    p.skipChildren();
                }
            }
            return error;
        } catch (IOException e) {
            return null;
        }
    }

    private static Message message(JsonParser p) throws IOException {
        String id = null;
        String model = null;
        List<Block> content = List.of();
        String stopReason = null;
        Usage usage = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, token);
                case "model" -> model = text(p, token);
                case "stop_reason" -> stopReason = text(p, token);
                case "usage" -> usage = token == JsonToken.START_OBJECT ? usage(p) : skip(p);
                case "content" -> {
                    if (token == JsonToken.START_ARRAY) {
                        content = new ArrayList<>(2);
                        JsonToken element;
                        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (element == JsonToken.START_OBJECT) {
                                content.add(block(p));
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Message(id, model, content, stopReason, usage);
    }

    private static Block block(JsonParser p) throws IOException {
        String type = null;
        String text = null;
        String id = null;
        String name = null;
        String input = null;
        String thinking = null;
        String signature = null;
        String data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "type" -> type = text(p, token);
                case "text" -> text = text(p, token);
                case "id" -> id = text(p, token);
                case "name" -> name = text(p, token);
                case "input" -> input = rawJson(p);
                case "thinking" -> thinking = text(p, token);
                case "signature" -> signature = text(p, token);
                case "data" -> data = text(p, token);
                default -> p.skipChildren();
            }
        }
        return new Block(type, text, id, name, input, thinking, signature, data);
    }

    private static Delta delta(JsonParser p) throws IOException {
        String type = null;
        String text = null;
        String partialJson = null;
        String stopReason = null;
        String thinking = null;
        String signature = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "type" -> type = text(p, token);
                case "text" -> text = text(p, token);
                case "partial_json" -> partialJson = text(p, token);
                case "stop_reason" -> stopReason = text(p, token);
                case "thinking" -> thinking = text(p, token);
                case "signature" -> signature = text(p, token);
                default -> p.skipChildren();
            }
        }
        return new Delta(type, text, partialJson, stopReason, thinking, signature);
    }

    private static Usage usage(JsonParser p) throws IOException {
        Long input = null;
        Long output = null;
        Long cacheCreation = null;
        Long cacheRead = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "input_tokens" -> input = count(p, token);
                case "output_tokens" -> output = count(p, token);
                case "cache_creation_input_tokens" -> cacheCreation = count(p, token);
                case "cache_read_input_tokens" -> cacheRead = count(p, token);
                default -> p.skipChildren();
            }
        }
        return new Usage(input, output, cacheCreation, cacheRead);
    }

    private static Error error(JsonParser p) throws IOException {
        String type = null;
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "type" -> type = text(p, token);
                case "message" -> message = text(p, token);
                default -> p.skipChildren();
            }
        }
        return new Error(type, message);
    }

    /** The current value, whatever it is, as compact JSON text. */
    private static String rawJson(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    private static Long count(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Math.max(0, p.getLongValue());
        }
        p.skipChildren();
        return null;
    }

    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static void expectObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object");
        }
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_TRUE
                || token == JsonToken.VALUE_FALSE) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
