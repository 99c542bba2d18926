package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Responses API ({@code POST /v1/responses}) mapped onto chat, so every chat route serves it: {@code input}
 * (a string, or messages and function call items) and {@code instructions} become messages, function
 * {@code tools} become chat tools; the chat answer becomes a {@code response} object with {@code message} and
 * {@code function_call} output items. Stateless: {@code previous_response_id} and stored responses are refused.
 */
public final class ResponsesJson {

    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "max_output_tokens",
            "temperature", "top_p", "tools", "tool_choice", "stream", "user", "store", "metadata", "text",
            "parallel_tool_calls", "previous_response_id", "reasoning", "truncation", "include", "background",
            "stream_options", "service_tier", "prompt_cache_key", "safety_identifier");

    private ResponsesJson() {
    }

    /** The chat request, and what the answer echoes of the request. */
    public record Read(ChatRequest chat, String instructions, JsonNode tools, JsonNode toolChoice,
                       JsonNode metadata, Integer maxOutputTokens) {
    }

    public static Read read(byte[] body, int length) throws IOException {
        return read(fields(body, length));
    }

    /** The body's fields, read once: whether it is passed through or mapped onto chat depends on its model. */
    public static BodyFields fields(byte[] body, int length) throws IOException {
        return BodyFields.read(body, length, "a 'model' and an 'input'");
    }

    /**
     * The request as it goes to an upstream that has the Responses API: every field as the client sent it
     * (numbers exact), so whatever the API has (stored responses, background, built-in tools) reaches it.
     */
    public static ResponsesRequest passthrough(BodyFields fields) {
        String model = fields.requiredString("model");
        return new ResponsesRequest(model, fields.bool("stream"), fields.extensions(Set.of()));
    }

    /** One passed-through event as the upstream sent it: its name (when it had one) and its data unchanged. */
    public static void writeEvent(ResponsesEvent event, OutputStream out) throws IOException {
        if (event.event() != null) {
            out.write(EVENT);
            out.write(event.event().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.write(DATA);
        // a multi-line data field goes out as the lines it came in
        out.write(event.data().replace("\n", "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(END);
    }

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    public static Read read(BodyFields fields) {
        String model = fields.requiredString("model");
        if (fields.has("previous_response_id")) {
            throw GatewayException.invalidRequest("previous_response_id", "This gateway does not store responses: "
                    + "send the whole conversation in 'input' instead of 'previous_response_id'.");
        }
        if (fields.bool("background")) {
            throw GatewayException.invalidRequest("background", "Background responses are not supported.");
        }
        String instructions = fields.string("instructions");
        List<ChatMessage> messages = new ArrayList<>();
        if (instructions != null) {
            messages.add(ChatMessage.of(ChatMessage.SYSTEM, instructions));
        }
        JsonNode input = fields.node("input");
        if (input == null) {
            throw GatewayException.invalidRequest("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            messages.add(ChatMessage.of(ChatMessage.USER, input.textValue()));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                addItem(messages, input.get(i), "input[" + i + "]");
            }
        } else {
            throw BodyFields.wrongType("input", "one of a string or array of input items", input);
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalidRequest("input", "'input' must not be empty.");
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        JsonNode tools = fields.node("tools");
        if (tools != null) {
            extensions.put("tools", chatTools(tools));
        }
        JsonNode toolChoice = fields.node("tool_choice");
        if (toolChoice != null) {
            extensions.put("tool_choice", chatToolChoice(toolChoice));
        }
        if (fields.has("parallel_tool_calls")) {
            extensions.put("parallel_tool_calls", fields.bool("parallel_tool_calls"));
        }
        JsonNode text = fields.node("text");
        if (text != null && text.path("format").path("type").asText("").equals("json_schema")) {
            JsonNode format = text.get("format");
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("name", format.path("name").asText("response"));
            schema.put("schema", BodyFields.plain(format.get("schema")));
            if (format.has("strict")) {
                schema.put("strict", format.get("strict").asBoolean());
            }
            extensions.put("response_format", Map.of("type", "json_schema", "json_schema", schema));
        } else if (text != null && text.path("format").path("type").asText("").equals("json_object")) {
            extensions.put("response_format", Map.of("type", "json_object"));
        }
        if (fields.has("service_tier")) {
            extensions.put("service_tier", fields.string("service_tier"));
        }
        Integer maxOutput = fields.integer("max_output_tokens", 1, Integer.MAX_VALUE);
        ChatRequest chat = ChatRequest.builder(model, messages)
                .temperature(fields.decimal("temperature", 0, 2))
                .topP(fields.decimal("top_p", 0, 1))
                .maxTokens(maxOutput)
                .stream(fields.bool("stream"))
                .includeUsage(true)
                .user(fields.string("user"))
                .extensions(extensions)
                .build();
        return new Read(chat, instructions, tools, toolChoice, fields.node("metadata"), maxOutput);
    }

    private static void addItem(List<ChatMessage> messages, JsonNode item, String path) {
        if (!item.isObject()) {
            throw BodyFields.wrongType(path, "an input item object", item);
        }
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText(null);
                if (role == null) {
                    throw GatewayException.invalidRequest(path + ".role", "Missing required parameter: '" + path
                            + ".role'.");
                }
                JsonNode content = item.get("content");
                if (content == null || content.isNull()) {
                    throw GatewayException.invalidRequest(path + ".content", "Missing required parameter: '" + path
                            + ".content'.");
                }
                if (content.isTextual()) {
                    messages.add(ChatMessage.of(role, content.textValue()));
                    return;
                }
                if (!content.isArray()) {
                    throw BodyFields.wrongType(path + ".content", "one of a string or array of content parts",
                            content);
                }
                List<Object> parts = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String partType = part.path("type").asText("");
                    switch (partType) {
                        case "input_text", "output_text", "text" -> {
                            String value = part.path("text").asText("");
                            parts.add(Map.of("type", "text", "text", value));
                            text.append(text.length() == 0 ? "" : "\n").append(value);
                        }
                        case "input_image" -> {
                            String url = part.path("image_url").asText(null);
                            if (url == null) {
                                throw GatewayException.invalidRequest(path + ".content[" + i + "].image_url",
                                        "Only images given by 'image_url' are supported.");
                            }
                            Map<String, Object> image = new LinkedHashMap<>();
                            image.put("url", url);
                            if (part.has("detail")) {
                                image.put("detail", part.get("detail").asText());
                            }
                            parts.add(Map.of("type", "image_url", "image_url", image));
                        }
                        default -> throw GatewayException.invalidRequest(path + ".content[" + i + "].type",
                                "Unsupported content part type '" + partType + "'.");
                    }
                }
                // assistant turns replayed from an earlier answer go back as plain text
                boolean plain = parts.stream().allMatch(p -> "text".equals(((Map<?, ?>) p).get("type")));
                messages.add(new ChatMessage(role, text.toString(), null,
                        plain ? Map.of() : Map.of("content", parts)));
            }
            case "function_call" -> {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", item.path("name").asText(""));
                function.put("arguments", item.path("arguments").asText(""));
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("id", item.path("call_id").asText(""));
                call.put("type", "function");
                call.put("function", function);
                // consecutive calls belong to one assistant turn
                ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                if (last != null && ChatMessage.ASSISTANT.equals(last.role()) && last.extensions()
                        .get("tool_calls") instanceof List<?> calls) {
                    List<Object> more = new ArrayList<>(calls);
                    more.add(call);
                    messages.set(messages.size() - 1, new ChatMessage(ChatMessage.ASSISTANT, null, null,
                            Map.of("tool_calls", more)));
                } else {
                    messages.add(new ChatMessage(ChatMessage.ASSISTANT, null, null,
                            Map.of("tool_calls", List.of(call))));
                }
            }
            case "function_call_output" -> {
                JsonNode output = item.get("output");
                String text = output == null ? "" : output.isTextual() ? output.textValue() : output.toString();
                messages.add(new ChatMessage("tool", text, null,
                        Map.of("tool_call_id", item.path("call_id").asText(""))));
            }
            default -> throw GatewayException.invalidRequest(path + ".type", "Input items of type '" + type
                    + "' are not supported by this gateway.");
        }
    }

    private static List<Object> chatTools(JsonNode tools) {
        if (!tools.isArray()) {
            throw BodyFields.wrongType("tools", "an array", tools);
        }
        List<Object> chat = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw GatewayException.invalidRequest("tools[" + i + "].type", "Only function tools are supported "
                        + "by this gateway.");
            }
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.path("name").asText(""));
            if (tool.has("description")) {
                function.put("description", tool.get("description").asText());
            }
            if (tool.has("parameters")) {
                function.put("parameters", BodyFields.plain(tool.get("parameters")));
            }
            if (tool.has("strict") && !tool.get("strict").isNull()) {
                function.put("strict", tool.get("strict").asBoolean());
            }
            chat.add(Map.of("type", "function", "function", function));
        }
        return chat;
    }

    private static Object chatToolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            return choice.textValue();
        }
        if ("function".equals(choice.path("type").asText())) {
            return Map.of("type", "function", "function", Map.of("name", choice.path("name").asText("")));
        }
        return BodyFields.plain(choice);
    }

    /** The {@code response} object of a complete chat answer. */
    public static void write(ChatResponse response, Read request, String responseId, OutputStream out)
            throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            ChatChoice choice = response.choices().isEmpty() ? null : response.choices().get(0);
            List<Map<String, Object>> output = new ArrayList<>();
            if (choice != null && choice.message() != null) {
                ChatMessage message = choice.message();
                if (message.content() != null && !message.content().isEmpty()) {
                    output.add(messageItem("msg_" + responseId, message.content()));
                }
                if (message.extensions().get("tool_calls") instanceof List<?> calls) {
                    for (Object call : calls) {
                        if (call instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
                            output.add(functionCallItem("fc_" + map.get("id"), String.valueOf(map.get("id")),
                                    String.valueOf(function.get("name")), String.valueOf(function.get("arguments"))));
                        }
                    }
                }
            }
            writeResponse(gen, responseId, response.createdEpochSeconds(), response.model(),
                    choice == null ? null : choice.finishReason(), output, response.usage(), request);
        }
    }

    static Map<String, Object> messageItem(String id, String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "output_text");
        part.put("text", text);
        part.put("annotations", List.of());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("id", id);
        item.put("status", "completed");
        item.put("role", "assistant");
        item.put("content", List.of(part));
        return item;
    }

    static Map<String, Object> functionCallItem(String id, String callId, String name, String arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", id);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        item.put("status", "completed");
        return item;
    }

    /** The response object; {@code finishReason} null while in progress. */
    static void writeResponse(JsonGenerator gen, String id, long created, String model, String finishReason,
                              List<Map<String, Object>> output, Usage usage, Read request) throws IOException {
        boolean inProgress = finishReason == null && usage == null;
        boolean incomplete = "length".equals(finishReason);
        gen.writeStartObject();
        gen.writeStringField("id", id);
        gen.writeStringField("object", "response");
        gen.writeNumberField("created_at", created);
        gen.writeStringField("status", inProgress ? "in_progress" : incomplete ? "incomplete" : "completed");
        gen.writeNullField("error");
        if (incomplete) {
            gen.writeObjectFieldStart("incomplete_details");
            gen.writeStringField("reason", "max_output_tokens");
            gen.writeEndObject();
        } else {
            gen.writeNullField("incomplete_details");
        }
        gen.writeStringField("instructions", request.instructions());
        if (request.maxOutputTokens() == null) {
            gen.writeNullField("max_output_tokens");
        } else {
            gen.writeNumberField("max_output_tokens", request.maxOutputTokens());
        }
        gen.writeStringField("model", model == null ? request.chat().model() : model);
        gen.writeFieldName("output");
        gen.writeObject(output);
        gen.writeBooleanField("parallel_tool_calls", true);
        gen.writeNullField("previous_response_id");
        gen.writeBooleanField("store", false);
        if (request.chat().temperature() == null) {
            gen.writeNullField("temperature");
        } else {
            gen.writeNumberField("temperature", request.chat().temperature());
        }
        gen.writeObjectFieldStart("text");
        gen.writeObjectFieldStart("format");
        gen.writeStringField("type", "text");
        gen.writeEndObject();
        gen.writeEndObject();
        gen.writeFieldName("tool_choice");
        if (request.toolChoice() == null) {
            gen.writeString("auto");
        } else {
            gen.writeTree(request.toolChoice());
        }
        gen.writeFieldName("tools");
        if (request.tools() == null) {
            gen.writeStartArray();
            gen.writeEndArray();
        } else {
            gen.writeTree(request.tools());
        }
        if (request.chat().topP() == null) {
            gen.writeNullField("top_p");
        } else {
            gen.writeNumberField("top_p", request.chat().topP());
        }
        gen.writeStringField("truncation", "disabled");
        if (usage == null) {
            gen.writeNullField("usage");
        } else {
            gen.writeObjectFieldStart("usage");
            gen.writeNumberField("input_tokens", usage.promptTokens());
            gen.writeObjectFieldStart("input_tokens_details");
            gen.writeNumberField("cached_tokens", 0);
            gen.writeEndObject();
            gen.writeNumberField("output_tokens", usage.completionTokens());
            gen.writeObjectFieldStart("output_tokens_details");
            gen.writeNumberField("reasoning_tokens", 0);
            gen.writeEndObject();
            gen.writeNumberField("total_tokens", usage.totalTokens());
            gen.writeEndObject();
        }
        gen.writeStringField("user", request.chat().user());
        gen.writeFieldName("metadata");
        if (request.metadata() == null) {
            gen.writeStartObject();
            gen.writeEndObject();
        } else {
            gen.writeTree(request.metadata());
        }
        gen.writeEndObject();
    }
}
