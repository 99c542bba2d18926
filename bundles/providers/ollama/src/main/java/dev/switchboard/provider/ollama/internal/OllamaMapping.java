package dev.switchboard.provider.ollama.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Pure translation between the API's records (OpenAI's shape) and Ollama's native {@code /api/chat}; no HTTP
 * here. Sampling fields go into {@code options} under Ollama's names ({@code max_tokens} is {@code num_predict});
 * image content parts become the message's {@code images}; tool calls carry their arguments as an object on
 * Ollama's side and as a JSON string on OpenAI's.
 */
final class OllamaMapping {

    private OllamaMapping() {
    }

    /** @throws IllegalArgumentException when an extension holds something that is not a JSON value */
    static byte[] requestBody(ChatRequest request, boolean stream) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            g.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                writeMessage(g, message);
            }
            g.writeEndArray();
            g.writeBooleanField("stream", stream);
            Object tools = request.extensions().get("tools");
            if (tools != null) {
                g.writeFieldName("tools");
                JsonValues.write(g, tools);
            }
            writeFormat(g, request.extensions().get("response_format"));
            Object keepAlive = request.extensions().get("keep_alive");
            if (keepAlive != null) {
                g.writeFieldName("keep_alive");
                JsonValues.write(g, keepAlive);
            }
            writeOptions(g, request);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeOptions(JsonGenerator g, ChatRequest request) throws IOException {
        boolean any = request.temperature() != null || request.topP() != null || request.maxTokens() != null
                || !request.stop().isEmpty() || request.seed() != null;
        if (!any) {
            return;
        }
        g.writeObjectFieldStart("options");
        if (request.temperature() != null) {
            g.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            g.writeNumberField("top_p", request.topP());
        }
        if (request.maxTokens() != null) {
            g.writeNumberField("num_predict", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            g.writeArrayFieldStart("stop");
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        if (request.seed() != null) {
            g.writeNumberField("seed", request.seed());
        }
        g.writeEndObject();
    }

    /** OpenAI's {@code response_format}: {@code json_object} is Ollama's {@code "json"}, a JSON schema its schema. */
    private static void writeFormat(JsonGenerator g, Object responseFormat) throws IOException {
        Object type = OllamaWire.field(responseFormat, "type");
        if ("json_object".equals(type)) {
            g.writeStringField("format", "json");
        } else if ("json_schema".equals(type)) {
            Object schema = OllamaWire.field(OllamaWire.field(responseFormat, "json_schema"), "schema");
            if (schema != null) {
                g.writeFieldName("format");
                JsonValues.write(g, schema);
            }
        }
    }

    private static void writeMessage(JsonGenerator g, ChatMessage message) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", message.role());
        g.writeStringField("content", message.content() == null ? "" : message.content());
        List<String> images = images(message.extensions().get("content"));
        if (!images.isEmpty()) {
            g.writeArrayFieldStart("images");
            for (String image : images) {
                g.writeString(image);
            }
            g.writeEndArray();
        }
        Object toolCalls = message.extensions().get("tool_calls");
        if (toolCalls instanceof List<?> calls && !calls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (Object call : calls) {
                Object function = OllamaWire.field(call, "function");
                g.writeStartObject();
                g.writeObjectFieldStart("function");
                g.writeFieldName("name");
                JsonValues.write(g, OllamaWire.field(function, "name"));
                g.writeFieldName("arguments");
                JsonValues.write(g, arguments(OllamaWire.field(function, "arguments")));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (message.name() != null && "tool".equals(message.role())) {
            g.writeStringField("tool_name", message.name());
        }
        g.writeEndObject();
    }

    /** The base64 data of {@code image_url} parts given as {@code data:} URLs (Ollama takes no remote URLs). */
    private static List<String> images(Object content) {
        if (!(content instanceof List<?> parts)) {
            return List.of();
        }
        List<String> images = new ArrayList<>(1);
        for (Object part : parts) {
            Object url = OllamaWire.field(OllamaWire.field(part, "image_url"), "url");
            if (url instanceof String text && text.startsWith("data:")) {
                int comma = text.indexOf(',');
                if (comma > 0) {
                    images.add(text.substring(comma + 1));
                }
            } else if (url != null) {
                throw new IllegalArgumentException("ollama takes images as data: URLs only");
            }
        }
        return images;
    }

    /** OpenAI sends arguments as a JSON string; Ollama wants the object. */
    private static Object arguments(Object arguments) throws IOException {
        if (!(arguments instanceof String text)) {
            return arguments == null ? Map.of() : arguments;
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            p.nextToken();
            return JsonValues.read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool call arguments are not JSON");
        }
    }

    static ChatResponse toResponse(OllamaWire.ChatLine line) {
        Map<String, Object> extensions = line.toolCalls().isEmpty() ? Map.of()
                : Map.of("tool_calls", openAiToolCalls(line.toolCalls(), false));
        ChatMessage message = new ChatMessage(ChatMessage.ASSISTANT, line.content() == null ? "" : line.content(), null,
                extensions);
        return new ChatResponse(newId(), line.model(), System.currentTimeMillis() / 1000,
                List.of(new ChatChoice(0, message, finishReason(line))), usage(line));
    }

    /**
     * The chunks of one streamed line: the role first (on the stream's first line), then its text or tool calls,
     * then on the last line the finish reason and the usage.
     */
    static void toChunks(OllamaWire.ChatLine line, String id, boolean first, Consumer<ChatChunk> out) {
        if (first) {
            out.accept(new ChatChunk(id, line.model(), 0, ChatMessage.ASSISTANT, "", null, null));
        }
        if (line.content() != null && !line.content().isEmpty()) {
            out.accept(new ChatChunk(id, line.model(), 0, null, line.content(), null, null));
        }
        if (!line.toolCalls().isEmpty()) {
            out.accept(new ChatChunk(id, line.model(), 0, null, null, null, null,
                    Map.of("tool_calls", openAiToolCalls(line.toolCalls(), true))));
        }
        if (line.done()) {
            out.accept(new ChatChunk(id, line.model(), 0, null, null, finishReason(line), null));
            out.accept(new ChatChunk(id, line.model(), 0, null, null, null, usage(line)));
        }
    }

    static String newId() {
        return "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String finishReason(OllamaWire.ChatLine line) {
        if (!line.toolCalls().isEmpty()) {
            return "tool_calls";
        }
        return "length".equals(line.doneReason()) ? "length" : "stop";
    }

    private static Usage usage(OllamaWire.ChatLine line) {
        return new Usage(line.promptEvalCount(), line.evalCount());
    }

    /** Ollama's tool calls in OpenAI's shape: an id, {@code type: function}, the arguments as a JSON string. */
    private static List<Object> openAiToolCalls(List<Object> calls, boolean streamed) {
        List<Object> converted = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Object function = OllamaWire.field(calls.get(i), "function");
            Map<String, Object> openAiFunction = new LinkedHashMap<>();
            openAiFunction.put("name", OllamaWire.field(function, "name"));
            openAiFunction.put("arguments", json(OllamaWire.field(function, "arguments")));
            Map<String, Object> call = new LinkedHashMap<>();
            if (streamed) {
                call.put("index", i);
            }
            call.put("id", "call_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            call.put("type", "function");
            call.put("function", openAiFunction);
            converted.add(call);
        }
        return converted;
    }

    private static String json(Object value) {
        if (value instanceof String text) {
            return text;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            JsonValues.write(g, value == null ? Map.of() : value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
