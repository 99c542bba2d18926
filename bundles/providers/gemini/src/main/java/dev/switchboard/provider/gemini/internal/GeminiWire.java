package dev.switchboard.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's answer wire format ({@code GenerateContentResponse}, one per streamed event too, and Google's error
 * envelope) as records, read with Jackson's streaming parser: no tree, no reflection, unknown fields skipped. Only
 * what the mapping uses is kept. A function call's {@code args} are kept as JSON text, because OpenAI's
 * {@code arguments} is exactly that.
 */
final class GeminiWire {

    private GeminiWire() {
    }

    record Response(String responseId, String modelVersion, List<Candidate> candidates, PromptFeedback promptFeedback,
                    UsageMetadata usage, Error error) {
    }

    record Candidate(int index, List<Part> parts, String finishReason) {
    }

    /** One part of a candidate's content: text (a thought summary when {@code thought}), or a function call. */
    record Part(String text, boolean thought, String functionName, String functionArgs, String functionId,
                String thoughtSignature) {

        boolean isFunctionCall() {
            return functionName != null;
        }
    }

    record PromptFeedback(String blockReason, String blockReasonMessage) {
    }

    /**
     * Token counts. {@code prompt} includes the cached tokens; {@code candidates} excludes the thinking tokens,
     * which are billed as output; {@code toolUsePrompt} are tokens of tool results Gemini fetched itself.
     */
    record UsageMetadata(long prompt, long candidates, long cached, long thoughts, long toolUsePrompt, long total) {
    }

    /**
     * Google's error: HTTP-like {@code code}, canonical {@code status} (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, ...),
     * and from its {@code details}: the ErrorInfo {@code reason} (API_KEY_INVALID, ...), the RetryInfo delay and
     * the first QuotaFailure violation's quota id.
     */
    record Error(int code, String message, String status, String reason, Duration retryDelay, String quotaId) {
    }

    static Response readResponse(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            return response(p);
        }
    }

    static Response readResponse(String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            return response(p);
        }
    }

    /**
     * The error of an error body: Google's envelope {@code {"error":{...}}}, or the same inside a one-element array
     * (what the non-SSE stream method answers); {@code null} when the body is neither.
     */
    static Error readError(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                first = p.nextToken();
            }
            if (first != JsonToken.START_OBJECT) {
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

    private static Response response(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object");
        }
        String responseId = null;
        String modelVersion = null;
        List<Candidate> candidates = List.of();
        PromptFeedback feedback = null;
        UsageMetadata usage = null;
        Error error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "responseId" -> responseId = text(p, token);
                case "modelVersion" -> modelVersion = text(p, token);
                case "candidates" -> candidates = candidates(p, token);
                case "promptFeedback" -> feedback = promptFeedback(p, token);
                case "usageMetadata" -> usage = usage(p, token);
                case "error" -> error = error(p, token);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new IOException("trailing content after the JSON object");
        }
        return new Response(responseId, modelVersion, candidates, feedback, usage, error);
    }

    private static List<Candidate> candidates(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<Candidate> candidates = new ArrayList<>(1);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = candidates.size();
            List<Part> parts = List.of();
            String finishReason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : index;
                    case "finishReason" -> finishReason = text(p, value);
                    case "content" -> parts = content(p, value);
                    default -> p.skipChildren();
                }
            }
            candidates.add(new Candidate(index, parts, finishReason));
        }
        return candidates;
    }

    private static List<Part> content(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return List.of();
        }
        List<Part> parts = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("parts".equals(field) && value == JsonToken.START_ARRAY) {
                parts = new ArrayList<>(2);
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    Part part = part(p, element);
                    if (part != null) {
                        parts.add(part);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return parts;
    }

    private static Part part(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String text = null;
        boolean thought = false;
        String name = null;
        String args = null;
        String id = null;
        String signature = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "text" -> text = text(p, value);
                case "thought" -> thought = value == JsonToken.VALUE_TRUE;
                case "thoughtSignature" -> signature = text(p, value);
                case "functionCall" -> {
                    if (value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String callField = p.currentName();
                        JsonToken callValue = p.nextToken();
                        switch (callField) {
                            case "name" -> name = text(p, callValue);
                            case "id" -> id = text(p, callValue);
                            case "args" -> args = rawJson(p);
                            default -> p.skipChildren();
                        }
                    }
                    if (name == null) {
                        name = "";
                    }
                }
                // inlineData (generated images), executableCode, ...: not carried
                default -> p.skipChildren();
            }
        }
        if (text == null && name == null) {
            return null;
        }
        return new Part(text, thought, name, name == null ? null : args == null ? "{}" : args, id, signature);
    }

    /** The current value as compact JSON text, copied token by token. */
    private static String rawJson(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(new SerializedString(""));
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    private static PromptFeedback promptFeedback(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String reason = null;
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "blockReason" -> reason = text(p, value);
                case "blockReasonMessage" -> message = text(p, value);
                default -> p.skipChildren();
            }
        }
        return new PromptFeedback(reason, message);
    }

    private static UsageMetadata usage(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        long prompt = 0;
        long candidates = 0;
        long cached = 0;
        long thoughts = 0;
        long toolUse = 0;
        long total = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "promptTokenCount" -> prompt = count(p, value);
                case "candidatesTokenCount" -> candidates = count(p, value);
                case "cachedContentTokenCount" -> cached = count(p, value);
                case "thoughtsTokenCount" -> thoughts = count(p, value);
                case "toolUsePromptTokenCount" -> toolUse = count(p, value);
                case "totalTokenCount" -> total = count(p, value);
                default -> p.skipChildren();
            }
        }
        return new UsageMetadata(prompt, candidates, cached, thoughts, toolUse, total);
    }

    private static Error error(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            String message = token == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
            return message == null ? null : new Error(0, message, null, null, null, null);
        }
        int code = 0;
        String message = null;
        String status = null;
        String reason = null;
        Duration retryDelay = null;
        String quotaId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "code" -> code = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "message" -> message = text(p, value);
                case "status" -> status = text(p, value);
                case "details" -> {
                    if (value != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        continue;
                    }
                    JsonToken element;
                    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (element != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String detail = p.currentName();
                            JsonToken detailValue = p.nextToken();
                            switch (detail) {
                                case "reason" -> {
                                    String first = text(p, detailValue);
                                    reason = reason == null ? first : reason;
                                }
                                // google.protobuf.Duration in JSON: "35s", "0.5s"
                                case "retryDelay" -> retryDelay = RetryAfter.parseResetDuration(text(p, detailValue));
                                case "violations" -> {
                                    String first = quotaId(p, detailValue);
                                    quotaId = quotaId == null ? first : quotaId;
                                }
                                default -> p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Error(code, message, status, reason, retryDelay, quotaId);
    }

    private static String quotaId(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        String quotaId = null;
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("quotaId".equals(field) && quotaId == null) {
                    quotaId = text(p, value);
                } else {
                    p.skipChildren();
                }
            }
        }
        return quotaId;
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
}
