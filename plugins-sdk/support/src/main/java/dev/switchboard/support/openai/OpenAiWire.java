package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Chat Completions response wire format (chat.completion, chat.completion.chunk and the error envelope)
 * as records, read with Jackson's streaming parser: no reflection, and no tree but for the fields the mapping
 * does not model. Those are kept, at every level (the answer or chunk, the choice, the message or delta, the
 * usage), as free-form values under their names ({@code extra}), JSON nulls included, so every field OpenAI
 * answers reaches the client unchanged, future ones too: {@code system_fingerprint}, {@code service_tier},
 * {@code logprobs}, {@code refusal}, {@code annotations}, {@code audio}, {@code tool_calls}, the usage details.
 */
public final class OpenAiWire {

    private OpenAiWire() {
    }

    public record Completion(String id, String model, long created, List<Choice> choices, Usage usage,
                      Map<String, Object> extra) {
    }

    public record Choice(int index, Message message, String finishReason, Map<String, Object> extra) {
    }

    public record Message(String role, String content, Map<String, Object> extra) {
    }

    public record Chunk(String id, String model, long created, List<Delta> choices, Usage usage, Error error,
                 Map<String, Object> extra) {
    }

    /**
     * One choice of a chunk, its {@code delta} flattened: {@code extra} holds the delta's other fields,
     * {@code choiceExtra} the choice's ({@code logprobs}, ...).
     */
    public record Delta(int index, String role, String content, String finishReason, Map<String, Object> extra,
                 Map<String, Object> choiceExtra) {
    }

    /**
     * {@code cached} is {@code prompt_tokens_details.cached_tokens}, {@code reasoning}
     * {@code completion_tokens_details.reasoning_tokens}; {@code extra} every field but the three counts, as answered.
     */
    public record Usage(long promptTokens, long completionTokens, long cached, long reasoning, Map<String, Object> extra) {
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
            Map<String, Object> extra = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> id = text(p, token);
                    case "model" -> model = text(p, token);
                    case "created" -> created = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "choices" -> choices = choices(p, token);
                    case "usage" -> usage = usage(p, token);
                    case "object" -> p.skipChildren();
                    default -> extra = keep(extra, field, p);
                }
            }
            return new Completion(id, model, created, choices, usage, orEmpty(extra));
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
            Map<String, Object> extra = null;
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
                    case "object" -> p.skipChildren();
                    default -> extra = keep(extra, field, p);
                }
            }
            return new Chunk(id, model, created, choices, usage, error, orEmpty(extra));
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
                    default -> extra = keep(extra, field, p);
                }
            }
            choices.add(new Choice(index, message, finishReason, orEmpty(extra)));
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
                default -> extra = keep(extra, field, p);
            }
        }
        return new Message(role, content, orEmpty(extra));
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
            Map<String, Object> choiceExtra = null;
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
                                    // streamed tool_calls, refusal, ...: passed on under their names
                                    default -> extra = keep(extra, deltaField, p);
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> choiceExtra = keep(choiceExtra, field, p);
                }
            }
            deltas.add(new Delta(index, role, content, finishReason, orEmpty(extra), orEmpty(choiceExtra)));
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
        Map<String, Object> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
                case "completion_tokens" -> completion = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
                // the sum of the two; the gateway writes it from them
                case "total_tokens" -> p.skipChildren();
                default -> extra = keep(extra, field, p);
            }
        }
        extra = orEmpty(extra);
        long cached = count(extra.get("prompt_tokens_details"), "cached_tokens");
        long reasoning = count(extra.get("completion_tokens_details"), "reasoning_tokens");
        return new Usage(prompt, completion, cached, reasoning, extra);
    }

    /** A non-negative whole number inside a details object, 0 when absent or not a number. */
    private static long count(Object details, String field) {
        if (details instanceof Map<?, ?> map && map.get(field) instanceof Number number) {
            return Math.max(0, number.longValue());
        }
        return 0;
    }

    /**
     * Adds the value at the parser to {@code extra} under {@code field}, JSON null included. One field (the
     * common case in a stream: {@code logprobs: null}) is an immutable singleton, so it is not copied again.
     */
    private static Map<String, Object> keep(Map<String, Object> extra, String field, JsonParser p) throws IOException {
        Object value = JsonValues.read(p);
        if (extra == null) {
            return Collections.singletonMap(field, value);
        }
        if (extra.size() == 1 && !(extra instanceof LinkedHashMap)) {
            Map<String, Object> grown = new LinkedHashMap<>(8);
            grown.putAll(extra);
            extra = grown;
        }
        extra.put(field, value);
        return extra;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> extra) {
        return extra == null ? Map.of() : extra;
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
