package dev.switchboard.provider.bedrock.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Bedrock Runtime's answers as records: the Converse response, the ConverseStream events (one JSON payload per
 * {@code application/vnd.amazon.eventstream} message, named by its {@code :event-type}) and the error body
 * {@code {"message": ...}}. Stream events are read with Jackson's streaming parser (no tree); unknown fields
 * (AWS pads events with a random {@code p} field) are skipped.
 */
final class BedrockWire {

    private BedrockWire() {
    }

    /** Token counts as Bedrock reports them; input excludes the tokens read from or written to the prompt cache. */
    record Usage(long inputTokens, long outputTokens, long cacheReadInputTokens, long cacheWriteInputTokens) {
    }

    /** A Converse answer: the assistant message's content blocks (as JSON values), stop reason, usage. */
    record Converse(List<Object> content, String stopReason, Usage usage) {
    }

    /**
     * One ConverseStream event, flattened: which fields are set depends on the event type. {@code toolInput} is a
     * piece of the tool call's JSON arguments.
     */
    record StreamEvent(int blockIndex, String role, String text, String toolUseId, String toolName, String toolInput,
                       String stopReason, Usage usage, String reasoningText, String reasoningSignature,
                       String reasoningRedacted) {
    }

    /** One InvokeModelWithResponseStream {@code chunk}'s model bytes: {@code {"bytes": "<base64>"}} decoded. */
    static byte[] readChunkBytes(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("bytes".equals(field) && token == JsonToken.VALUE_STRING) {
                    try {
                        return Base64.getDecoder().decode(p.getText());
                    } catch (IllegalArgumentException e) {
                        throw new IOException("chunk bytes are not base64");
                    }
                }
                p.skipChildren();
            }
            throw new IOException("chunk without bytes");
        }
    }

    /**
     * A Nova InvokeModelWithResponseStream event: ConverseStream's event wrapped in an object named by its type
     * ({@code {"contentBlockDelta": {...}}}); the type and the event, {@code null} when the chunk holds neither.
     */
    static Map.Entry<String, StreamEvent> readWrappedEvent(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            Map.Entry<String, StreamEvent> found = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (found == null && token == JsonToken.START_OBJECT && !field.startsWith("amazon-bedrock-")) {
                    found = Map.entry(field, event(p));
                } else {
                    p.skipChildren();
                }
            }
            return found;
        }
    }

    @SuppressWarnings("unchecked")
    static Converse readConverse(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            List<Object> content = null;
            String stopReason = null;
            Usage usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "output" -> {
                        Object output = JsonValues.read(p);
                        if (output instanceof Map<?, ?> map && map.get("message") instanceof Map<?, ?> message
                                && message.get("content") instanceof List<?> blocks) {
                            content = (List<Object>) blocks;
                        }
                    }
                    case "stopReason" -> stopReason = token == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "usage" -> usage = usage(p, token);
                    default -> p.skipChildren();
                }
            }
            if (content == null) {
                throw new IOException("no output message");
            }
            return new Converse(content, stopReason, usage);
        }
    }

    static StreamEvent readEvent(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            return event(p);
        }
    }

    private static StreamEvent event(JsonParser p) throws IOException {
        int index = 0;
        String role = null;
        String text = null;
        String toolUseId = null;
        String toolName = null;
        String toolInput = null;
        String stopReason = null;
        Usage usage = null;
        String reasoningText = null;
        String reasoningSignature = null;
        String reasoningRedacted = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "contentBlockIndex" -> index = token == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "role" -> role = string(p, token);
                case "stopReason" -> stopReason = string(p, token);
                case "usage" -> usage = usage(p, token);
                case "start", "delta" -> {
                    if (token != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String kind = p.currentName();
                        JsonToken value = p.nextToken();
                        if ("text".equals(kind)) {
                            text = string(p, value);
                        } else if ("toolUse".equals(kind) && value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                JsonToken member = p.nextToken();
                                switch (name) {
                                    case "toolUseId" -> toolUseId = string(p, member);
                                    case "name" -> toolName = string(p, member);
                                    case "input" -> toolInput = string(p, member);
                                    default -> p.skipChildren();
                                }
                            }
                        } else if ("reasoningContent".equals(kind) && value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                JsonToken member = p.nextToken();
                                switch (name) {
                                    case "text" -> reasoningText = string(p, member);
                                    case "signature" -> reasoningSignature = string(p, member);
                                    case "redactedContent" -> reasoningRedacted = string(p, member);
                                    default -> p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren(); // citations, ...: not carried yet
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new StreamEvent(index, role, text, toolUseId, toolName, toolInput, stopReason, usage, reasoningText,
                reasoningSignature, reasoningRedacted);
    }

    /** The {@code message} (or {@code Message}) of an error body or an exception event, or {@code null}. */
    static String readMessage(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("message".equalsIgnoreCase(field) && token == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Usage usage(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            long number = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
            switch (field) {
                case "inputTokens" -> input = number;
                case "outputTokens" -> output = number;
                // Converse's names, and Nova's InvokeModel ones
                case "cacheReadInputTokens", "cacheReadInputTokenCount" -> cacheRead = number;
                case "cacheWriteInputTokens", "cacheWriteInputTokenCount" -> cacheWrite = number;
                default -> p.skipChildren();
            }
        }
        return new Usage(input, output, cacheRead, cacheWrite);
    }

    private static String string(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
