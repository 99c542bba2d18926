package dev.switchboard.provider.ollama.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama's native wire format as records, read with Jackson's streaming parser: one {@code /api/chat} answer
 * (the whole answer, or one line of a stream: the same object, {@code done} on the last), the
 * {@code {"error": "..."}} body, and the model list of {@code /api/tags}. Unknown fields are skipped.
 */
final class OllamaWire {

    private OllamaWire() {
    }

    /**
     * One {@code /api/chat} object. {@code toolCalls} are Ollama's ({@code function.arguments} an object);
     * {@code error} is set when the line is an error instead.
     */
    record ChatLine(String model, String role, String content, List<Object> toolCalls, boolean done,
                    String doneReason, long promptEvalCount, long evalCount, String error) {
    }

    static ChatLine readChatLine(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            return chatLine(p);
        }
    }

    static ChatLine readChatLine(String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            return chatLine(p);
        }
    }

    private static ChatLine chatLine(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object");
        }
        String model = null;
        String role = null;
        String content = null;
        List<Object> toolCalls = List.of();
        boolean done = false;
        String doneReason = null;
        long promptEvalCount = 0;
        long evalCount = 0;
        String error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "model" -> model = text(p, token);
                case "done" -> done = token == JsonToken.VALUE_TRUE;
                case "done_reason" -> doneReason = text(p, token);
                case "prompt_eval_count" -> promptEvalCount = count(p, token);
                case "eval_count" -> evalCount = count(p, token);
                case "error" -> error = token == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(JsonValues.read(p));
                case "message" -> {
                    if (token != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String messageField = p.currentName();
                        JsonToken value = p.nextToken();
                        switch (messageField) {
                            case "role" -> role = text(p, value);
                            case "content" -> content = text(p, value);
                            case "tool_calls" -> {
                                Object calls = JsonValues.read(p);
                                if (calls instanceof List<?> list && !list.isEmpty()) {
                                    toolCalls = new ArrayList<>(list);
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ChatLine(model, role, content, toolCalls, done, doneReason, promptEvalCount, evalCount, error);
    }

    /** The text of an {@code {"error": "..."}} body, or {@code null} when the body is something else. */
    static String readError(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("error".equals(field) && token == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The model names of a {@code /api/tags} answer ({@code {"models":[{"name":"llama3.2:latest",...}]}}). */
    static List<String> readTags(byte[] json) throws IOException {
        List<String> names = new ArrayList<>();
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (!"models".equals(field) || token != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String name = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String modelField = p.currentName();
                        JsonToken value = p.nextToken();
                        if ("name".equals(modelField) || "model".equals(modelField) && name == null) {
                            name = text(p, value);
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (name != null && !name.isBlank()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static long count(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Math.max(0, p.getLongValue());
        }
        p.skipChildren();
        return 0;
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** An object's field, for a mapped structure read by {@link JsonValues#read}. */
    static Object field(Object object, String name) {
        return object instanceof Map<?, ?> map ? map.get(name) : null;
    }
}
