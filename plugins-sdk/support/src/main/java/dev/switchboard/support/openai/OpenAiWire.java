package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Chat Completions response wire format (chat.completion, chat.completion.chunk and the error envelope)
 * as records, read with Jackson's streaming parser: no tree, no reflection, unknown fields skipped. Only
 * what the mapping uses is kept; an assistant message's other fields (tool_calls, refusal, annotations,
 * audio) are kept as free-form values so they reach the client unchanged.
 */
public final class OpenAiWire {

    private OpenAiWire() {
    }

    public record Completion(String id, String model, long created, List<Choice> choices, Usage usage) {
    }

    public record Choice(int index, Message message, String finishReason) {
    }

    public record Message(String role, String content, Map<String, Object> extra) {
    }

    public record Chunk(String id, String model, long created, List<Delta> choices, Usage usage, Error error) {
    }

    /** One choice of a chunk, its {@code delta} flattened. */
    public record Delta(int index, String role, String content, String finishReason, Map<String, Object> extra) {
    }

    public record Usage(long promptTokens, long completionTokens) {
    }

    public record Error(String message, String type, String code, String param) {
    }

    public static Completion readCompletion(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            expectObject(p);
            String id = null;
            String model = null;
            long created = 0;
            List<Choice> choices = List.of();
            Usage usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> id = text(p, token);
                    case "model" -> model = text(p, token);
                    case "created" -> created = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "choices" -> choices = choices(p, token);
                    case "usage" -> usage = usage(p, token);
                    default -> p.skipChildren();
                }
            }
            return new Completion(id, model, created, choices, usage);
        }
    }

    public static Chunk readChunk(String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            expectObject(p);
            String id = null;
            String model = null;
            long created = 0;
            List<Delta> choices = List.of();
            Usage usage = null;
            Error error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> id = text(p, token);
                    case "model" -> model = text(p, token);
                    case "created" -> created = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "choices" -> choices = deltas(p, token);
                    case "usage" -> usage = usage(p, token);
                    case "error" -> error = error(p, token);
                    default -> p.skipChildren();
                }
            }
            return new Chunk(id, model, created, choices, usage, error);
        }
    }

    /** The {@code error} object of an error body, or {@code null} when the body is not OpenAI's envelope. */
    public static Error readError(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Error error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("error".equals(field)) {
                    error = error(p, token);
                } else {
                    p.skipChildren();
                }
            }
            return error;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Choice> choices(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<Choice> choices = new ArrayList<>(1);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = choices.size();
            Message message = null;
            String finishReason = null;
            Map<String, Object> extra = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : index;
                    case "message" -> message = message(p, value);
                    case "finish_reason" -> finishReason = text(p, value);
                    default -> p.skipChildren();
                }
            }
            choices.add(new Choice(index, message, finishReason));
        }
        return choices;
    }

    private static Message message(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String role = null;
        String content = null;
        Map<String, Object> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "role" -> role = text(p, value);
                case "content" -> content = text(p, value);
                default -> {
                    Object read = JsonValues.read(p);
                    if (read != null) {
                        if (extra == null) {
                            extra = new LinkedHashMap<>();
                        }
                        extra.put(field, read);
                    }
                }
            }
        }
        return new Message(role, content, extra == null ? Map.of() : extra);
    }

    private static List<Delta> deltas(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<Delta> deltas = new ArrayList<>(1);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = deltas.size();
            String role = null;
            String content = null;
            String finishReason = null;
            Map<String, Object> extra = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : index;
                    case "finish_reason" -> finishReason = text(p, value);
                    case "delta" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String deltaField = p.currentName();
                                JsonToken deltaValue = p.nextToken();
                                switch (deltaField) {
                                    case "role" -> role = text(p, deltaValue);
                                    case "content" -> content = text(p, deltaValue);
                                    default -> {
                                        // streamed tool_calls, refusal, ...: passed on under their names
                                        Object read = JsonValues.read(p);
                                        if (read != null) {
                                            if (extra == null) {
                                                extra = new LinkedHashMap<>();
                                            }
                                            extra.put(deltaField, read);
                                        }
                                    }
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            deltas.add(new Delta(index, role, content, finishReason, extra == null ? Map.of() : extra));
        }
        return deltas;
    }

    private static Usage usage(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        long prompt = 0;
        long completion = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
                case "completion_tokens" -> completion = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion);
    }

    private static Error error(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            // some OpenAI-compatible servers send "error": "text"
            String message = token == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
            return message == null ? null : new Error(message, null, null, null);
        }
        String message = null;
        String type = null;
        String code = null;
        String param = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "message" -> message = text(p, value);
                case "type" -> type = text(p, value);
                case "code" -> code = text(p, value);
                case "param" -> param = text(p, value);
                default -> p.skipChildren();
            }
        }
        return new Error(message, type, code, param);
    }

    private static void expectObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object");
        }
    }

    /** A scalar as text ({@code code} is a number on some servers); {@code null} for null or a structure. */
    private static String text(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
