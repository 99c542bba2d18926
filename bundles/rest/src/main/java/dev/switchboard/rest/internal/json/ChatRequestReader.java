package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OpenAI chat completion body into a {@link ChatRequest} with Jackson's streaming parser:
 * the known fields are read token by token, only unknown fields (and content parts) become trees.
 * Every validation failure is a 400 {@code invalid_request_error} naming the offending {@code param}.
 * I/O failures of the underlying stream (such as a body over the size limit) propagate unchanged.
 */
public final class ChatRequestReader {

    static final String MALFORMED = "We could not parse the JSON body of your request. "
            + "The API expects a JSON payload with a 'model' and 'messages'.";

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final String TEXT_PART_SEPARATOR = "\n";

    public ChatRequest read(InputStream body) throws IOException {
        try (JsonParser parser = Json.factory().createParser(body)) {
            return readRequest(parser);
        } catch (JsonProcessingException e) {
            rethrowIoCause(e);
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
    }

    public ChatRequest read(byte[] body) throws IOException {
        return read(new ByteArrayInputStream(body));
    }

    private ChatRequest readRequest(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
        String model = null;
        List<ChatMessage> messages = null;
        Double temperature = null;
        Double topP = null;
        Integer maxTokens = null;
        Integer maxCompletionTokens = null;
        List<String> stop = null;
        Long seed = null;
        boolean stream = false;
        boolean includeUsage = false;
        String user = null;
        Map<String, Object> extensions = new LinkedHashMap<>();

        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "model" -> model = string(p, token, "model");
                case "messages" -> messages = messages(p, token);
                case "temperature" -> temperature = decimal(p, token, "temperature", 0, 2);
                case "top_p" -> topP = decimal(p, token, "top_p", 0, 1);
                case "max_tokens" -> maxTokens = positiveInt(p, token, "max_tokens");
                case "max_completion_tokens" -> maxCompletionTokens = positiveInt(p, token, "max_completion_tokens");
                case "stop" -> stop = stop(p, token);
                case "seed" -> seed = integer(p, token, "seed");
                case "stream" -> stream = bool(token, "stream");
                case "stream_options" -> includeUsage = includeUsage(p, token);
                case "user" -> user = string(p, token, "user");
                // the count of choices multiplies what a request costs: core's estimates need a sound number
                case "n" -> extensions.put(field, positiveInt(p, token, "n"));
                default -> extensions.put(field, tree(p));
            }
        }
        if (p.nextToken() != null) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
        if (model == null || model.isBlank()) {
            throw missing("model");
        }
        if (messages == null) {
            throw missing("messages");
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalidRequest("messages",
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
        }
        // max_completion_tokens is OpenAI's newer name for the same limit; when both are sent it is the one meant
        Integer limit = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        return new ChatRequest(model, messages, temperature, topP, limit, stop, seed, stream, includeUsage, user,
                extensions);
    }

    private List<ChatMessage> messages(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw wrongType("messages", "an array", token);
        }
        List<ChatMessage> messages = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            messages.add(message(p, element, "messages[" + messages.size() + "]"));
        }
        return messages;
    }

    private ChatMessage message(JsonParser p, JsonToken token, String path) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw wrongType(path, "an object", token);
        }
        String role = null;
        String content = null;
        boolean hasContent = false;
        String name = null;
        Map<String, Object> extensions = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "role" -> role = string(p, value, path + ".role");
                case "name" -> name = string(p, value, path + ".name");
                case "content" -> {
                    hasContent = value != JsonToken.VALUE_NULL;
                    if (value == JsonToken.START_ARRAY) {
                        List<Object> parts = contentParts(p, path + ".content");
                        extensions.put("content", parts);
                        content = joinedText(parts);
                    } else if (value == JsonToken.VALUE_STRING) {
                        content = p.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw wrongType(path + ".content", "one of a string or array of objects", value);
                    }
                }
                default -> extensions.put(field, tree(p));
            }
        }
        if (role == null) {
            throw missing(path + ".role");
        }
        if (!ROLES.contains(role)) {
            throw GatewayException.invalidRequest(path + ".role", "Invalid value: '" + role
                    + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.");
        }
        // an assistant turn may carry only tool calls; every other role must say something
        if (!hasContent && !ChatMessage.ASSISTANT.equals(role)) {
            throw missing(path + ".content");
        }
        return new ChatMessage(role, content, name, extensions);
    }

    private List<Object> contentParts(JsonParser p, String path) throws IOException {
        List<Object> parts = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            String partPath = path + "[" + parts.size() + "]";
            if (element != JsonToken.START_OBJECT) {
                throw wrongType(partPath, "an object", element);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> part = (Map<String, Object>) tree(p);
            Object type = part.get("type");
            if (!(type instanceof String)) {
                throw missing(partPath + ".type");
            }
            if ("text".equals(type) && !(part.get("text") instanceof String)) {
                throw missing(partPath + ".text");
            }
            parts.add(part);
        }
        return parts;
    }

    private static String joinedText(List<Object> parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            Map<?, ?> map = (Map<?, ?>) part;
            if ("text".equals(map.get("type"))) {
                if (text.length() > 0) {
                    text.append(TEXT_PART_SEPARATOR);
                }
                text.append((String) map.get("text"));
            }
        }
        return text.toString();
    }

    private static List<String> stop(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        if (token != JsonToken.START_ARRAY) {
            throw wrongType("stop", "one of a string or array of strings", token);
        }
        List<String> stop = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.VALUE_STRING) {
                throw wrongType("stop[" + stop.size() + "]", "a string", element);
            }
            stop.add(p.getText());
        }
        return stop;
    }

    private static boolean includeUsage(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_OBJECT) {
            throw wrongType("stream_options", "an object", token);
        }
        boolean includeUsage = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("include_usage".equals(field)) {
                includeUsage = bool(value, "stream_options.include_usage");
            } else {
                p.skipChildren();
            }
        }
        return includeUsage;
    }

    private static String string(JsonParser p, JsonToken token, String param) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(param, "a string", token);
        }
        return p.getText();
    }

    private static boolean bool(JsonToken token, String param) {
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (!token.isBoolean()) {
            throw wrongType(param, "a boolean", token);
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static Double decimal(JsonParser p, JsonToken token, String param, double min, double max)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isNumeric()) {
            throw wrongType(param, "a decimal", token);
        }
        double value = p.getDoubleValue();
        if (value < min || value > max) {
            throw GatewayException.invalidRequest(param, "Invalid '" + param + "': expected a value between "
                    + format(min) + " and " + format(max) + ", but got " + p.getText() + " instead.");
        }
        return value;
    }

    private static Integer positiveInt(JsonParser p, JsonToken token, String param) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(param, "an integer", token);
        }
        if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 1) {
            throw GatewayException.invalidRequest(param, "Invalid '" + param
                    + "': expected an integer between 1 and " + Integer.MAX_VALUE + ", but got " + p.getText()
                    + " instead.");
        }
        return p.getIntValue();
    }

    private static Long integer(JsonParser p, JsonToken token, String param) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(param, "an integer", token);
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw GatewayException.invalidRequest(param, "Invalid '" + param + "': integer out of range.");
        }
        return p.getLongValue();
    }

    /** The current value as plain maps, lists and scalars, as Jackson's untyped binding would give it. */
    private static Object tree(JsonParser p) throws IOException {
        return value(p, p.currentToken());
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    object.put(name, value(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(p, element));
                }
                return array;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return finite(p);
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw GatewayException.invalidRequest(null, MALFORMED);
        }
    }

    /**
     * JSON numbers have no limit, doubles do: {@code 1e400} parses as infinity, which no provider accepts
     * and no JSON writer can write back. Refused here, naming where it was, wherever in the body it is.
     */
    private static Double finite(JsonParser p) throws IOException {
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            String param = path(p.getParsingContext());
            String text = p.getText();
            throw GatewayException.invalidRequest(param, "Invalid '" + param + "': expected a finite number, but got "
                    + (text.length() > 32 ? text.substring(0, 32) + "..." : text) + " instead.");
        }
        return value;
    }

    /** Where the parser is, as OpenAI names params: {@code logit_bias.50256}, {@code messages[0].content[1].x}. */
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        appendPath(path, context);
        return path.toString();
    }

    private static void appendPath(StringBuilder path, JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return;
        }
        appendPath(path, context.getParent());
        if (context.inArray()) {
            path.append('[').append(context.getCurrentIndex()).append(']');
        } else {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(context.getCurrentName());
        }
    }

    private static GatewayException missing(String param) {
        return GatewayException.invalidRequest(param, "Missing required parameter: '" + param + "'.");
    }

    private static GatewayException wrongType(String param, String expected, JsonToken actual) {
        return GatewayException.invalidRequest(param, "Invalid type for '" + param + "': expected " + expected
                + ", but got " + describe(actual) + " instead.");
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "an unexpected token";
        };
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** Jackson may wrap a failing stream's IOException; a body over the limit must stay what it is. */
    private static void rethrowIoCause(JsonProcessingException e) throws IOException {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io && !(cause instanceof JsonProcessingException)) {
                throw io;
            }
        }
    }
}
