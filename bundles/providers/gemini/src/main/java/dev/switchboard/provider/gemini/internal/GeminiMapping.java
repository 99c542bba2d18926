package dev.switchboard.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pure translation between the API's records (OpenAI's shape) and Gemini's {@code generateContent} wire format;
 * no HTTP here.
 *
 * <p>Request: system and developer messages become {@code systemInstruction}; user turns {@code user} contents,
 * assistant turns {@code model} contents (their {@code tool_calls} {@code functionCall} parts); tool results
 * {@code functionResponse} parts of a {@code user} content (consecutive ones in one content, as Gemini pairs them
 * with the calls of the turn before). Sampling parameters, {@code n}, {@code response_format} and {@code tools} go
 * to {@code generationConfig}, {@code tools} and {@code toolConfig}. OpenAI fields Gemini has no counterpart for
 * ({@code logit_bias}, {@code user}, ...) are not sent.
 *
 * <p>Tool call ids: Gemini has none of its own (or optional ones), so ids are made here ({@code call_} + random).
 * A function call that carries a {@code thoughtSignature} (thinking models) keeps it in its id after
 * {@link #SIGNATURE_SEPARATOR}, because the client echoes the id back in the next turn, and Gemini wants the
 * signature back with the call.
 */
final class GeminiMapping {

    static final String SIGNATURE_SEPARATOR = "__thought__";

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private GeminiMapping() {
    }

    // ---------------------------------------------------------------- request

    /**
     * The {@code generateContent} body (the same for the streaming method).
     *
     * @throws IllegalArgumentException when the request holds something Gemini cannot take (an unknown content
     *                                  part, tool call arguments that are not a JSON object, a tool result whose
     *                                  call is unknown), naming it
     */
    static byte[] requestBody(ChatRequest request) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeSystemInstruction(g, request.messages());
            writeContents(g, request.messages());
            Map<String, Object> extensions = request.extensions();
            writeTools(g, extensions.get("tools"));
            writeToolConfig(g, extensions.get("tool_choice"));
            writeGenerationConfig(g, request);
            // Gemini's own fields, for clients that know them
            for (String native_ : new String[] {"safetySettings", "cachedContent"}) {
                if (extensions.containsKey(native_)) {
                    g.writeFieldName(native_);
                    JsonValues.write(g, extensions.get(native_));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean isSystem(ChatMessage message) {
        return ChatMessage.SYSTEM.equals(message.role()) || "developer".equals(message.role());
    }

    private static void writeSystemInstruction(JsonGenerator g, List<ChatMessage> messages) throws IOException {
        boolean open = false;
        for (ChatMessage message : messages) {
            if (!isSystem(message)) {
                continue;
            }
            if (!open) {
                g.writeObjectFieldStart("systemInstruction");
                g.writeArrayFieldStart("parts");
                open = true;
            }
            writeParts(g, message);
        }
        if (open) {
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeContents(JsonGenerator g, List<ChatMessage> messages) throws IOException {
        g.writeArrayFieldStart("contents");
        // tool results name their call by id; Gemini wants the function's name
        Map<String, String> callNames = new HashMap<>();
        boolean inToolResults = false;
        for (ChatMessage message : messages) {
            if (isSystem(message)) {
                continue;
            }
            boolean toolResult = "tool".equals(message.role()) || "function".equals(message.role());
            if (inToolResults && !toolResult) {
                g.writeEndArray();
                g.writeEndObject();
                inToolResults = false;
            }
            if (toolResult) {
                if (!inToolResults) {
                    g.writeStartObject();
                    g.writeStringField("role", "user");
                    g.writeArrayFieldStart("parts");
                    inToolResults = true;
                }
                writeFunctionResponse(g, message, callNames);
                continue;
            }
            g.writeStartObject();
            boolean assistant = ChatMessage.ASSISTANT.equals(message.role());
            g.writeStringField("role", assistant ? "model" : "user");
            g.writeArrayFieldStart("parts");
            int written = writeParts(g, message);
            if (assistant) {
                written += writeFunctionCalls(g, message.extensions().get("tool_calls"), callNames);
            }
            if (written == 0) {
                // Gemini refuses a content without parts
                g.writeStartObject();
                g.writeStringField("text", "");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (inToolResults) {
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The message's text or content parts; returns how many parts were written. */
    private static int writeParts(JsonGenerator g, ChatMessage message) throws IOException {
        Object parts = message.extensions().get("content");
        if (!(parts instanceof List<?> list)) {
            if (message.content() == null || message.content().isEmpty()) {
                return 0;
            }
            g.writeStartObject();
            g.writeStringField("text", message.content());
            g.writeEndObject();
            return 1;
        }
        int written = 0;
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> part)) {
                throw new IllegalArgumentException("a content part is not an object");
            }
            Object type = part.get("type");
            if ("text".equals(type)) {
                g.writeStartObject();
                g.writeStringField("text", String.valueOf(part.get("text")));
                g.writeEndObject();
            } else if ("image_url".equals(type)) {
                Object image = part.get("image_url");
                Object url = image instanceof Map<?, ?> map ? map.get("url") : image;
                if (!(url instanceof String location)) {
                    throw new IllegalArgumentException("an image_url part has no url");
                }
                writeMedia(g, location, null);
            } else if ("input_audio".equals(type)) {
                Map<?, ?> audio = part.get("input_audio") instanceof Map<?, ?> map ? map : Map.of();
                if (!(audio.get("data") instanceof String data)) {
                    throw new IllegalArgumentException("an input_audio part has no data");
                }
                writeInline(g, "audio/" + (audio.get("format") instanceof String format ? format : "wav"), data);
            } else if ("file".equals(type)) {
                Map<?, ?> file = part.get("file") instanceof Map<?, ?> map ? map : Map.of();
                if (!(file.get("file_data") instanceof String data)) {
                    throw new IllegalArgumentException("a file part needs file_data (a data: URL) for gemini");
                }
                writeMedia(g, data, "application/pdf");
            } else {
                throw new IllegalArgumentException("content part type '" + type + "' is not supported by gemini");
            }
            written++;
        }
        return written;
    }

    /**
     * A {@code data:} URL as {@code inlineData}; an {@code https:}, {@code http:} or {@code gs:} URL as
     * {@code fileData}, which Gemini fetches itself (Files API URIs, Cloud Storage, public URLs).
     */
    private static void writeMedia(JsonGenerator g, String url, String fallbackType) throws IOException {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            int semicolon = url.indexOf(';');
            if (comma < 0 || semicolon < 0 || semicolon > comma || !url.startsWith(";base64", semicolon)) {
                throw new IllegalArgumentException("a data: URL must be base64 (data:<type>;base64,<data>)");
            }
            String type = url.substring(5, semicolon);
            writeInline(g, type.isEmpty() && fallbackType != null ? fallbackType : type, url.substring(comma + 1));
            return;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("gs://"))) {
            throw new IllegalArgumentException("gemini takes images as data:, https:, http: or gs: URLs");
        }
        g.writeStartObject();
        g.writeObjectFieldStart("fileData");
        g.writeStringField("mimeType", mimeType(lower, fallbackType));
        g.writeStringField("fileUri", url);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeInline(JsonGenerator g, String mimeType, String base64) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("inlineData");
        g.writeStringField("mimeType", mimeType);
        g.writeStringField("data", base64);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Gemini needs a MIME type with fileData; OpenAI's image URLs carry none, so it is read off the name. */
    static String mimeType(String url, String fallback) {
        int end = url.indexOf('?');
        String path = end < 0 ? url : url.substring(0, end);
        if (path.endsWith(".png")) {
            return "image/png";
        } else if (path.endsWith(".webp")) {
            return "image/webp";
        } else if (path.endsWith(".gif")) {
            return "image/gif";
        } else if (path.endsWith(".heic")) {
            return "image/heic";
        } else if (path.endsWith(".pdf")) {
            return "application/pdf";
        }
        return fallback != null ? fallback : "image/jpeg";
    }

    private static int writeFunctionCalls(JsonGenerator g, Object toolCalls, Map<String, String> callNames)
            throws IOException {
        if (!(toolCalls instanceof List<?> calls)) {
            return 0;
        }
        int written = 0;
        for (Object element : calls) {
            Map<?, ?> call = element instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> function = call.get("function") instanceof Map<?, ?> map ? map : Map.of();
            if (!(function.get("name") instanceof String name)) {
                throw new IllegalArgumentException("a tool call has no function name");
            }
            String id = call.get("id") instanceof String text ? text : null;
            if (id != null) {
                callNames.put(id, name);
            }
            g.writeStartObject();
            g.writeObjectFieldStart("functionCall");
            g.writeStringField("name", name);
            g.writeFieldName("args");
            writeArguments(g, function.get("arguments"), name);
            g.writeEndObject();
            int at = id == null ? -1 : id.indexOf(SIGNATURE_SEPARATOR);
            if (at >= 0) {
                g.writeStringField("thoughtSignature", id.substring(at + SIGNATURE_SEPARATOR.length()));
            }
            g.writeEndObject();
            written++;
        }
        return written;
    }

    /** OpenAI's arguments are JSON text; Gemini's args are the object itself. */
    private static void writeArguments(JsonGenerator g, Object arguments, String name) throws IOException {
        if (arguments instanceof Map<?, ?>) {
            JsonValues.write(g, arguments);
            return;
        }
        String text = arguments instanceof String s ? s.trim() : "";
        if (text.isEmpty()) {
            g.writeStartObject();
            g.writeEndObject();
            return;
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the arguments of tool call '" + name + "' are not a JSON object");
            }
            g.copyCurrentStructure(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("the arguments of tool call '" + name + "' are not one JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the arguments of tool call '" + name + "' are not valid JSON");
        }
    }

    private static void writeFunctionResponse(JsonGenerator g, ChatMessage message, Map<String, String> callNames)
            throws IOException {
        Object callId = message.extensions().get("tool_call_id");
        String name = callId instanceof String id ? callNames.get(id) : null;
        if (name == null) {
            name = message.name();
        }
        if (name == null) {
            throw new IllegalArgumentException("tool message " + (callId == null ? "without tool_call_id"
                    : "for call '" + callId + "'") + " answers no tool call of an earlier assistant message");
        }
        g.writeStartObject();
        g.writeObjectFieldStart("functionResponse");
        g.writeStringField("name", name);
        g.writeFieldName("response");
        String content = message.content() == null ? "" : message.content();
        Object parsed = jsonObject(content);
        if (parsed != null) {
            JsonValues.write(g, parsed);
        } else {
            // Gemini's response is a JSON object; plain text goes under one field
            g.writeStartObject();
            g.writeStringField("content", content);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The text as a map when it is exactly one JSON object, else {@code null}. */
    private static Object jsonObject(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(trimmed)) {
            p.nextToken();
            Object value = JsonValues.read(p);
            return p.nextToken() == null ? value : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeTools(JsonGenerator g, Object tools) throws IOException {
        if (!(tools instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("tools");
        g.writeStartObject();
        g.writeArrayFieldStart("functionDeclarations");
        for (Object element : list) {
            Map<?, ?> tool = element instanceof Map<?, ?> map ? map : Map.of();
            if (!"function".equals(tool.get("type")) || !(tool.get("function") instanceof Map<?, ?> function)) {
                throw new IllegalArgumentException("gemini takes tools of type 'function' only");
            }
            if (!(function.get("name") instanceof String name)) {
                throw new IllegalArgumentException("a function tool has no name");
            }
            g.writeStartObject();
            g.writeStringField("name", name);
            if (function.get("description") instanceof String description) {
                g.writeStringField("description", description);
            }
            Object parameters = function.get("parameters");
            // Gemini refuses an OBJECT without properties; a function without parameters simply has none
            if (!GeminiSchema.isEmptyObject(parameters)) {
                g.writeFieldName("parameters");
                GeminiSchema.write(g, parameters);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void writeToolConfig(JsonGenerator g, Object choice) throws IOException {
        String mode;
        String only = null;
        if ("none".equals(choice)) {
            mode = "NONE";
        } else if ("auto".equals(choice)) {
            mode = "AUTO";
        } else if ("required".equals(choice)) {
            mode = "ANY";
        } else if (choice instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function
                && function.get("name") instanceof String name) {
            mode = "ANY";
            only = name;
        } else {
            return;
        }
        g.writeObjectFieldStart("toolConfig");
        g.writeObjectFieldStart("functionCallingConfig");
        g.writeStringField("mode", mode);
        if (only != null) {
            g.writeArrayFieldStart("allowedFunctionNames");
            g.writeString(only);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeGenerationConfig(JsonGenerator g, ChatRequest request) throws IOException {
        Map<String, Object> extensions = request.extensions();
        Integer budget = thinkingBudget(extensions.get("reasoning_effort"));
        if (extensions.get("thinking") instanceof Map<?, ?> thinking) {
            // Anthropic's own switch, as the inbound /v1/messages API passes it on: its budget, or none
            budget = "enabled".equals(thinking.get("type")) && thinking.get("budget_tokens") instanceof Number n
                    ? Integer.valueOf(n.intValue()) : Integer.valueOf(0);
        }
        Object format = extensions.get("response_format");
        if (request.temperature() == null && request.topP() == null && request.maxTokens() == null
                && request.stop().isEmpty() && !(extensions.get("n") instanceof Number) && request.seed() == null
                && !(extensions.get("presence_penalty") instanceof Number)
                && !(extensions.get("frequency_penalty") instanceof Number) && format == null && budget == null) {
            return;
        }
        g.writeObjectFieldStart("generationConfig");
        if (request.temperature() != null) {
            g.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            g.writeNumberField("topP", request.topP());
        }
        if (request.maxTokens() != null) {
            g.writeNumberField("maxOutputTokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            g.writeArrayFieldStart("stopSequences");
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        if (extensions.get("n") instanceof Number n) {
            g.writeNumberField("candidateCount", n.intValue());
        }
        if (request.seed() != null) {
            g.writeNumberField("seed", request.seed());
        }
        if (extensions.get("presence_penalty") instanceof Number penalty) {
            g.writeNumberField("presencePenalty", penalty.doubleValue());
        }
        if (extensions.get("frequency_penalty") instanceof Number penalty) {
            g.writeNumberField("frequencyPenalty", penalty.doubleValue());
        }
        writeResponseFormat(g, format);
        if (budget != null) {
            g.writeObjectFieldStart("thinkingConfig");
            g.writeNumberField("thinkingBudget", budget);
            if (budget > 0) {
                // thought summaries come back as reasoning_content
                g.writeBooleanField("includeThoughts", true);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** {@code json_schema} -> JSON with Gemini's {@code responseSchema}; {@code json_object} -> JSON, any shape. */
    private static void writeResponseFormat(JsonGenerator g, Object format) throws IOException {
        if (!(format instanceof Map<?, ?> map)) {
            return;
        }
        Object type = map.get("type");
        if ("json_object".equals(type)) {
            g.writeStringField("responseMimeType", "application/json");
        } else if ("json_schema".equals(type)) {
            g.writeStringField("responseMimeType", "application/json");
            if (map.get("json_schema") instanceof Map<?, ?> jsonSchema && jsonSchema.get("schema") instanceof Map<?, ?> schema) {
                g.writeFieldName("responseSchema");
                GeminiSchema.write(g, schema);
            }
        } else if (!"text".equals(type)) {
            throw new IllegalArgumentException("response_format type '" + type + "' is not supported by gemini");
        }
    }

    /** OpenAI's effort as Gemini's thinking budget in tokens (the figures of Gemini's own OpenAI-compatible API). */
    private static Integer thinkingBudget(Object effort) {
        if (!(effort instanceof String level)) {
            return null;
        }
        return switch (level) {
            case "none" -> 0;
            case "minimal", "low" -> 1024;
            case "medium" -> 8192;
            case "high" -> 24576;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- answers

    /**
     * A complete answer. {@code fallbackModel}: the model asked for, when Gemini does not say which version
     * answered.
     *
     * @throws dev.switchboard.api.provider.ProviderException {@code CONTENT_FILTER} when the prompt was blocked
     */
    static ChatResponse toResponse(GeminiWire.Response response, String fallbackModel) {
        blockedPrompt(response);
        List<ChatChoice> choices = new ArrayList<>(response.candidates().size());
        for (GeminiWire.Candidate candidate : response.candidates()) {
            StringBuilder text = null;
            StringBuilder reasoning = null;
            List<Object> toolCalls = null;
            for (GeminiWire.Part part : candidate.parts()) {
                if (part.isFunctionCall()) {
                    if (toolCalls == null) {
                        toolCalls = new ArrayList<>(2);
                    }
                    toolCalls.add(toolCall(part, null));
                } else if (part.thought() && part.text() != null) {
                    reasoning = reasoning == null ? new StringBuilder(part.text()) : reasoning.append(part.text());
                } else if (part.text() != null) {
                    text = text == null ? new StringBuilder(part.text()) : text.append(part.text());
                }
            }
            Map<String, Object> extensions = new LinkedHashMap<>(2);
            if (reasoning != null) {
                // a thought summary, where OpenAI-compatible gateways put reasoning
                extensions.put("reasoning_content", reasoning.toString());
            }
            if (toolCalls != null) {
                extensions.put("tool_calls", toolCalls);
            }
            ChatMessage message = new ChatMessage(ChatMessage.ASSISTANT, text == null ? null : text.toString(), null,
                    extensions);
            choices.add(new ChatChoice(candidate.index(), message, finishReason(candidate.finishReason(),
                    toolCalls != null)));
        }
        return new ChatResponse(response.responseId() != null ? response.responseId() : newId("gemini-"),
                response.modelVersion() != null ? response.modelVersion() : fallbackModel,
                System.currentTimeMillis() / 1000, choices, usage(response.usage()));
    }

    /** Throws {@code CONTENT_FILTER} when Gemini refused the prompt itself (no candidates, a block reason). */
    static void blockedPrompt(GeminiWire.Response response) {
        GeminiWire.PromptFeedback feedback = response.promptFeedback();
        if (response.candidates().isEmpty() && feedback != null && feedback.blockReason() != null) {
            throw GeminiErrors.blocked(feedback);
        }
    }

    /** One OpenAI tool call ({@code index} only when streamed). */
    static Map<String, Object> toolCall(GeminiWire.Part part, Integer index) {
        Map<String, Object> call = new LinkedHashMap<>(4);
        if (index != null) {
            call.put("index", index);
        }
        String id = part.functionId() != null && !part.functionId().isBlank() ? part.functionId() : newId("call_");
        if (part.thoughtSignature() != null && !part.thoughtSignature().isEmpty()) {
            id = id + SIGNATURE_SEPARATOR + part.thoughtSignature();
        }
        call.put("id", id);
        call.put("type", "function");
        Map<String, Object> function = new LinkedHashMap<>(2);
        function.put("name", part.functionName());
        function.put("arguments", part.functionArgs());
        call.put("function", function);
        return call;
    }

    /**
     * Gemini's finish reason in OpenAI's words. Gemini says STOP after function calls, OpenAI {@code tool_calls};
     * every safety-like stop is {@code content_filter}; reasons OpenAI has no word for (OTHER, LANGUAGE,
     * MALFORMED_FUNCTION_CALL, ...) are {@code stop}.
     */
    static String finishReason(String reason, boolean calledFunctions) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                    "IMAGE_PROHIBITED_CONTENT" -> "content_filter";
            default -> calledFunctions ? "tool_calls" : "stop";
        };
    }

    /**
     * Gemini's counts as the gateway's: prompt tokens include cached ones and tool-use prompts (both billed as
     * input); completion tokens include the thinking tokens, which Gemini bills as output but does not count in
     * {@code candidatesTokenCount} (OpenAI counts reasoning inside {@code completion_tokens} the same way).
     */
    static Usage usage(GeminiWire.UsageMetadata usage) {
        return usage == null ? null
                : new Usage(usage.prompt() + usage.toolUsePrompt(), usage.candidates() + usage.thoughts(),
                        usage.cached(), 0, usage.thoughts(), Map.of());
    }

    static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return prefix + new String(id);
    }

    // ---------------------------------------------------------------- streams

    /**
     * What one stream has said so far, per candidate: whether its role went out, how many tool calls it made
     * (their streamed {@code index}), whether it finished. Gemini repeats {@code usageMetadata} in every event,
     * growing; only the last counts. Used by one stream's event thread at a time.
     */
    static final class StreamState {
        private final String fallbackModel;
        private String id;
        private String model;
        private int[] toolCalls = new int[1];
        private boolean[] begun = new boolean[1];
        private boolean[] roleSent = new boolean[1];
        private boolean[] finished = new boolean[1];
        private int unfinished;
        private GeminiWire.UsageMetadata usage;

        StreamState(String fallbackModel) {
            this.fallbackModel = fallbackModel;
        }

        /** Whether a candidate has begun and every candidate that began has finished. */
        boolean finished() {
            return id != null && unfinished == 0 && anyFinished();
        }

        private boolean anyFinished() {
            for (boolean done : finished) {
                if (done) {
                    return true;
                }
            }
            return false;
        }

        /** The usage-only chunk for the end of the stream, or {@code null} when Gemini reported none. */
        ChatChunk usageChunk() {
            return usage == null ? null : new ChatChunk(id, model, 0, null, null, null, GeminiMapping.usage(usage));
        }

        private void grow(int index) {
            if (index >= roleSent.length) {
                int size = Math.max(index + 1, roleSent.length * 2);
                toolCalls = java.util.Arrays.copyOf(toolCalls, size);
                begun = java.util.Arrays.copyOf(begun, size);
                roleSent = java.util.Arrays.copyOf(roleSent, size);
                finished = java.util.Arrays.copyOf(finished, size);
            }
        }
    }

    /**
     * The chunks of one streamed event, in order, per candidate: text (the first chunk of a candidate carries the
     * role), each function call as a streamed {@code tool_calls} delta (whole: Gemini sends a call in one piece),
     * then the finish reason in a chunk of its own. The usage-only chunk is not here: it goes last, after the
     * stream ended ({@link StreamState#usageChunk()}), since every event repeats a growing usage.
     */
    static void toChunks(GeminiWire.Response event, StreamState state, java.util.function.Consumer<ChatChunk> out) {
        if (state.id == null) {
            blockedPrompt(event);
            state.id = event.responseId() != null ? event.responseId() : newId("gemini-");
            state.model = event.modelVersion() != null ? event.modelVersion() : state.fallbackModel;
        }
        if (event.usage() != null) {
            state.usage = event.usage();
        }
        for (GeminiWire.Candidate candidate : event.candidates()) {
            int index = candidate.index();
            if (index < 0 || index > 1024) {
                continue;
            }
            state.grow(index);
            if (state.finished[index]) {
                continue;
            }
            if (!state.begun[index]) {
                state.begun[index] = true;
                state.unfinished++;
            }
            StringBuilder text = null;
            for (GeminiWire.Part part : candidate.parts()) {
                if (part.isFunctionCall()) {
                    if (text != null) {
                        out.accept(chunk(state, index, text.toString(), null, Map.of()));
                        text = null;
                    }
                    Map<String, Object> call = toolCall(part, state.toolCalls[index]++);
                    out.accept(chunk(state, index, null, null, Map.of("tool_calls", List.of(call))));
                } else if (part.thought()) {
                    if (part.text() != null && !part.text().isEmpty()) {
                        if (text != null) {
                            out.accept(chunk(state, index, text.toString(), null, Map.of()));
                            text = null;
                        }
                        out.accept(chunk(state, index, null, null, Map.of("reasoning_content", part.text())));
                    }
                } else if (!part.thought() && part.text() != null && !part.text().isEmpty()) {
                    text = text == null ? new StringBuilder(part.text()) : text.append(part.text());
                }
            }
            if (text != null) {
                out.accept(chunk(state, index, text.toString(), null, Map.of()));
            }
            if (candidate.finishReason() != null) {
                if (!state.roleSent[index]) {
                    // a candidate stopped before saying anything (a safety stop): the role still comes first
                    out.accept(chunk(state, index, "", null, Map.of()));
                }
                out.accept(chunk(state, index, null, finishReason(candidate.finishReason(),
                        state.toolCalls[index] > 0), Map.of()));
                state.finished[index] = true;
                state.unfinished--;
            }
        }
    }

    private static ChatChunk chunk(StreamState state, int index, String content, String finishReason,
                                   Map<String, Object> extensions) {
        String role = null;
        if (!state.roleSent[index]) {
            role = ChatMessage.ASSISTANT;
            state.roleSent[index] = true;
        }
        return new ChatChunk(state.id, state.model, index, role, content, finishReason, null, extensions);
    }
}
