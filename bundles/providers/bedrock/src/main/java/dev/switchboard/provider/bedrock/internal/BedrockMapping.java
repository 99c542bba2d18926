package dev.switchboard.provider.bedrock.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.chat.ChatChoice;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure translation between the API's records (OpenAI's shapes) and Bedrock's Converse API; no HTTP here.
 *
 * <p>Requests: system (and developer) messages become {@code system} blocks; user, assistant and tool messages
 * become {@code messages} whose roles alternate (consecutive messages of one role are merged, as Converse
 * requires); OpenAI content parts become {@code text} and {@code image} blocks (images as {@code data:} URLs
 * only: Bedrock takes bytes, not links); assistant {@code tool_calls} become {@code toolUse} blocks and
 * {@code tool} messages {@code toolResult} blocks; {@code tools}/{@code tool_choice} become {@code toolConfig};
 * {@code max_tokens}, {@code temperature}, {@code top_p}, {@code stop} become {@code inferenceConfig}.
 * Converse's own fields ({@code additionalModelRequestFields}, {@code guardrailConfig}, ...) pass through from
 * the request's extensions; other extensions are not sent. Claude's extended thinking goes in
 * {@code additionalModelRequestFields.thinking}; {@code reasoningContent} blocks come back as {@code reasoning_content}
 * and {@code thinking_blocks} (with signatures) and go back upstream from {@code thinking_blocks}.
 */
final class BedrockMapping {

    /** Converse request fields a client may send as extensions, passed on unchanged. */
    static final Set<String> CONVERSE_FIELDS = Set.of("additionalModelRequestFields", "additionalModelResponseFieldPaths",
            "guardrailConfig", "performanceConfig", "promptVariables", "requestMetadata");

    private BedrockMapping() {
    }

    /** @throws IllegalArgumentException when the request holds what Converse cannot take (named in the message) */
    static byte[] requestBody(ChatRequest request) {
        return requestBody(request, false);
    }

    /**
     * The Converse body, or with {@code nova} the body of Nova's InvokeModel ({@code schemaVersion: messages-v1}: the
     * same messages, system, inferenceConfig and toolConfig, without Converse's own fields).
     */
    static byte[] requestBody(ChatRequest request, boolean nova) {
        List<Map<String, Object>> system = new ArrayList<>();
        List<Map<String, Object>> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            String role = message.role();
            if (ChatMessage.SYSTEM.equals(role) || "developer".equals(role)) {
                for (Map<String, Object> block : contentBlocks(message, false)) {
                    system.add(block);
                }
                continue;
            }
            String bedrockRole;
            List<Map<String, Object>> blocks;
            switch (role) {
                case ChatMessage.USER -> {
                    bedrockRole = "user";
                    blocks = contentBlocks(message, true);
                }
                case ChatMessage.ASSISTANT -> {
                    bedrockRole = "assistant";
                    blocks = assistantBlocks(message);
                }
                case "tool" -> {
                    bedrockRole = "user";
                    blocks = List.of(toolResult(message));
                }
                default -> throw new IllegalArgumentException("message role '" + role + "' is not supported by bedrock");
            }
            if (blocks.isEmpty()) {
                continue;
            }
            Map<String, Object> last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
            if (last != null && bedrockRole.equals(last.get("role"))) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> content = (List<Map<String, Object>>) last.get("content");
                content.addAll(blocks);
            } else {
                Map<String, Object> wire = new LinkedHashMap<>();
                wire.put("role", bedrockRole);
                wire.put("content", new ArrayList<>(blocks));
                messages.add(wire);
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("bedrock needs at least one user message");
        }

        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (nova) {
                g.writeStringField("schemaVersion", "messages-v1");
            }
            g.writeFieldName("messages");
            JsonValues.write(g, messages);
            if (!system.isEmpty()) {
                g.writeFieldName("system");
                JsonValues.write(g, system);
            }
            writeInferenceConfig(g, request);
            writeToolConfig(g, request.extensions(), structuredOutput(request));
            if (!nova) {
                Map<String, Object> thinking = thinking(request);
                for (Map.Entry<String, Object> extension : request.extensions().entrySet()) {
                    if ("additionalModelRequestFields".equals(extension.getKey()) && thinking != null
                            && extension.getValue() instanceof Map<?, ?> given) {
                        Map<Object, Object> merged = new LinkedHashMap<>(given);
                        merged.putIfAbsent("thinking", thinking);
                        g.writeFieldName(extension.getKey());
                        JsonValues.write(g, merged);
                        thinking = null;
                    } else if (CONVERSE_FIELDS.contains(extension.getKey())) {
                        g.writeFieldName(extension.getKey());
                        JsonValues.write(g, extension.getValue());
                    }
                }
                if (thinking != null) {
                    g.writeObjectFieldStart("additionalModelRequestFields");
                    g.writeFieldName("thinking");
                    JsonValues.write(g, thinking);
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Claude's extended thinking on Converse: Anthropic's {@code thinking} (as the inbound /v1/messages API passes it)
     * or OpenAI's {@code reasoning_effort} as a budget (low 1024, medium 2048, high 4096, as gateways map it), sent in
     * {@code additionalModelRequestFields}; only for Claude models, which are the ones that take it there.
     */
    private static Map<String, Object> thinking(ChatRequest request) {
        if (!request.model().contains("anthropic.")) {
            return null;
        }
        if (request.extensions().get("thinking") instanceof Map<?, ?> given && "enabled".equals(given.get("type"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> thinking = (Map<String, Object>) given;
            return thinking;
        }
        if (request.extensions().get("reasoning_effort") instanceof String effort) {
            int budget = switch (effort) {
                case "low" -> 1024;
                case "medium" -> 2048;
                case "high", "xhigh" -> 4096;
                default -> 0;
            };
            return budget == 0 ? null : Map.of("type", "enabled", "budget_tokens", budget);
        }
        return null;
    }

    private static void writeInferenceConfig(JsonGenerator g, ChatRequest request) throws IOException {
        Integer maxTokens = request.maxTokens();
        if (maxTokens == null && request.extensions().get("max_completion_tokens") instanceof Number number) {
            maxTokens = number.intValue();
        }
        if (maxTokens == null && request.temperature() == null && request.topP() == null && request.stop().isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("inferenceConfig");
        if (maxTokens != null) {
            g.writeNumberField("maxTokens", maxTokens);
        }
        if (request.temperature() != null) {
            g.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            g.writeNumberField("topP", request.topP());
        }
        if (!request.stop().isEmpty()) {
            g.writeArrayFieldStart("stopSequences");
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The tool a structured-output request is answered through (as gateways do for Bedrock). */
    static final String JSON_TOOL = "json_tool_call";

    /**
     * The JSON schema a request asks the answer to follow ({@code response_format} json_schema, or any object for
     * json_object), or {@code null}. Converse has no response format of its own: the answer is asked for as the
     * input of one forced tool, {@value #JSON_TOOL}, and that input comes back as the message's text.
     */
    static Object structuredOutput(ChatRequest request) {
        if (!(request.extensions().get("response_format") instanceof Map<?, ?> format)) {
            return null;
        }
        if (request.extensions().get("tools") instanceof List<?> tools && !tools.isEmpty()) {
            return null; // the client's own tools: forcing one more would change what it asked for
        }
        if ("json_schema".equals(format.get("type")) && format.get("json_schema") instanceof Map<?, ?> jsonSchema
                && jsonSchema.get("schema") instanceof Map<?, ?> schema) {
            return schema;
        }
        return "json_object".equals(format.get("type")) ? Map.of("type", "object") : null;
    }

    private static void writeToolConfig(JsonGenerator g, Map<String, Object> extensions, Object schema)
            throws IOException {
        if (schema != null) {
            g.writeFieldName("toolConfig");
            Map<String, Object> spec = Map.of("name", JSON_TOOL,
                    "description", "Respond with a JSON object that follows the schema.",
                    "inputSchema", Map.of("json", schema));
            JsonValues.write(g, Map.of("tools", List.of(Map.of("toolSpec", spec)),
                    "toolChoice", Map.of("tool", Map.of("name", JSON_TOOL))));
            return;
        }
        if (!(extensions.get("tools") instanceof List<?> tools) || tools.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("toolConfig");
        g.writeArrayFieldStart("tools");
        for (Object tool : tools) {
            if (!(tool instanceof Map<?, ?> map) || !(map.get("function") instanceof Map<?, ?> function)
                    || !(function.get("name") instanceof String name)) {
                throw new IllegalArgumentException("tools: only function tools with a name are supported by bedrock");
            }
            g.writeStartObject();
            g.writeObjectFieldStart("toolSpec");
            g.writeStringField("name", name);
            if (function.get("description") instanceof String description && !description.isEmpty()) {
                g.writeStringField("description", description);
            }
            g.writeObjectFieldStart("inputSchema");
            g.writeFieldName("json");
            Object parameters = function.get("parameters");
            JsonValues.write(g, parameters instanceof Map<?, ?> ? parameters : Map.of("type", "object", "properties", Map.of()));
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        Object choice = extensions.get("tool_choice");
        if ("required".equals(choice)) {
            g.writeFieldName("toolChoice");
            JsonValues.write(g, Map.of("any", Map.of()));
        } else if (choice instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function
                && function.get("name") instanceof String name) {
            g.writeFieldName("toolChoice");
            JsonValues.write(g, Map.of("tool", Map.of("name", name)));
        } else if ("auto".equals(choice)) {
            g.writeFieldName("toolChoice");
            JsonValues.write(g, Map.of("auto", Map.of()));
        }
        // "none": Converse has no such choice, and refuses toolUse blocks in the history without toolConfig
        g.writeEndObject();
    }

    /** Text and image blocks of a message ({@code images} false: text only, as for system prompts). */
    private static List<Map<String, Object>> contentBlocks(ChatMessage message, boolean images) {
        Object parts = message.extensions().get("content");
        List<Map<String, Object>> blocks = new ArrayList<>();
        if (parts instanceof List<?> list) {
            for (Object part : list) {
                if (!(part instanceof Map<?, ?> map)) {
                    continue;
                }
                Object type = map.get("type");
                if ("text".equals(type) && map.get("text") instanceof String text) {
                    if (!text.isEmpty()) {
                        blocks.add(Map.of("text", text));
                    }
                } else if (images && "image_url".equals(type)) {
                    blocks.add(image(map.get("image_url")));
                } else {
                    throw new IllegalArgumentException("content part type '" + type + "' is not supported by bedrock"
                            + (images ? "" : " in a system message"));
                }
            }
        } else if (message.content() != null && !message.content().isEmpty()) {
            blocks.add(Map.of("text", message.content()));
        }
        return blocks;
    }

    private static Map<String, Object> image(Object imageUrl) {
        Object url = imageUrl instanceof Map<?, ?> map ? map.get("url") : imageUrl;
        if (!(url instanceof String text) || !text.startsWith("data:image/") || !text.contains(";base64,")) {
            throw new IllegalArgumentException("images must be data: URLs (data:image/png;base64,...) for bedrock");
        }
        String format = text.substring("data:image/".length(), text.indexOf(';')).toLowerCase(Locale.ROOT);
        if ("jpg".equals(format)) {
            format = "jpeg";
        }
        if (!Set.of("png", "jpeg", "gif", "webp").contains(format)) {
            throw new IllegalArgumentException("image format '" + format + "' is not supported by bedrock");
        }
        return Map.of("image", Map.of("format", format, "source",
                Map.of("bytes", text.substring(text.indexOf(";base64,") + ";base64,".length()))));
    }

    private static List<Map<String, Object>> assistantBlocks(ChatMessage message) {
        List<Map<String, Object>> blocks = new ArrayList<>(4);
        // signed reasoning goes back first (Claude checks it when thinking led to a tool call)
        if (message.extensions().get("thinking_blocks") instanceof List<?> thinking) {
            for (Object block : thinking) {
                if (!(block instanceof Map<?, ?> map)) {
                    continue;
                }
                if ("redacted_thinking".equals(map.get("type")) && map.get("data") instanceof String data) {
                    blocks.add(Map.of("reasoningContent", Map.of("redactedContent", data)));
                } else if (map.get("signature") instanceof String signature && !signature.isEmpty()) {
                    blocks.add(Map.of("reasoningContent", Map.of("reasoningText", Map.of(
                            "text", map.get("thinking") == null ? "" : String.valueOf(map.get("thinking")),
                            "signature", signature))));
                }
            }
        }
        blocks.addAll(contentBlocks(message, false));
        if (message.extensions().get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (!(call instanceof Map<?, ?> map) || !(map.get("function") instanceof Map<?, ?> function)) {
                    throw new IllegalArgumentException("tool_calls: only function calls are supported by bedrock");
                }
                Map<String, Object> toolUse = new LinkedHashMap<>();
                toolUse.put("toolUseId", String.valueOf(map.get("id")));
                toolUse.put("name", String.valueOf(function.get("name")));
                toolUse.put("input", arguments(function.get("arguments")));
                blocks.add(Map.of("toolUse", toolUse));
            }
        }
        return blocks;
    }

    /** OpenAI sends a tool call's arguments as a JSON string; Converse wants the JSON value. */
    private static Object arguments(Object arguments) {
        if (!(arguments instanceof String text) || text.isBlank()) {
            return arguments instanceof Map<?, ?> ? arguments : Map.of();
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            p.nextToken();
            return JsonValues.read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool_calls: arguments are not JSON");
        }
    }

    private static Map<String, Object> toolResult(ChatMessage message) {
        Object id = message.extensions().get("tool_call_id");
        if (!(id instanceof String toolUseId)) {
            throw new IllegalArgumentException("a tool message needs tool_call_id");
        }
        List<Map<String, Object>> content = contentBlocks(message, true);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("toolUseId", toolUseId);
        result.put("content", content.isEmpty() ? List.of(Map.of("text", "")) : content);
        return Map.of("toolResult", result);
    }

    /** OpenAI's finish reason for a Converse stop reason. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence
        };
    }

    /**
     * Our usage: prompt tokens are all the input tokens, cached or not (as OpenAI counts them), so cost and
     * quotas see the whole prompt; Bedrock's {@code inputTokens} alone excludes cache reads and writes.
     */
    static Usage usage(BedrockWire.Usage usage) {
        return usage == null ? null : new Usage(
                usage.inputTokens() + usage.cacheReadInputTokens() + usage.cacheWriteInputTokens(), usage.outputTokens(),
                usage.cacheReadInputTokens(), usage.cacheWriteInputTokens(), 0, Map.of());
    }

    static ChatResponse toResponse(BedrockWire.Converse converse, String id, String model, long created) {
        return toResponse(converse, id, model, created, false);
    }

    /** With {@code structured}, the {@value #JSON_TOOL} call's input is the answer's text (finish reason stop). */
    static ChatResponse toResponse(BedrockWire.Converse converse, String id, String model, long created,
                                   boolean structured) {
        StringBuilder text = new StringBuilder();
        List<Object> toolCalls = new ArrayList<>();
        StringBuilder reasoning = null;
        List<Object> thinkingBlocks = null;
        for (Object block : converse.content()) {
            if (!(block instanceof Map<?, ?> map)) {
                continue;
            }
            if (map.get("text") instanceof String piece) {
                text.append(piece);
            } else if (map.get("reasoningContent") instanceof Map<?, ?> content) {
                if (thinkingBlocks == null) {
                    thinkingBlocks = new ArrayList<>(1);
                    reasoning = new StringBuilder();
                }
                if (content.get("reasoningText") instanceof Map<?, ?> reasoningText) {
                    String thought = reasoningText.get("text") == null ? "" : String.valueOf(reasoningText.get("text"));
                    reasoning.append(thought);
                    thinkingBlocks.add(thinkingBlock(thought, reasoningText.get("signature") == null ? ""
                            : String.valueOf(reasoningText.get("signature"))));
                } else if (content.get("redactedContent") != null) {
                    thinkingBlocks.add(redactedBlock(String.valueOf(content.get("redactedContent"))));
                }
            } else if (structured && map.get("toolUse") instanceof Map<?, ?> toolUse
                    && JSON_TOOL.equals(toolUse.get("name"))) {
                text.append(json(toolUse.get("input")));
            } else if (map.get("toolUse") instanceof Map<?, ?> toolUse) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", toolUse.get("name"));
                function.put("arguments", json(toolUse.get("input")));
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("id", toolUse.get("toolUseId"));
                call.put("type", "function");
                call.put("function", function);
                toolCalls.add(call);
            }
        }
        Map<String, Object> extensions = new LinkedHashMap<>(4);
        if (thinkingBlocks != null) {
            extensions.put("reasoning_content", reasoning.toString());
            extensions.put("thinking_blocks", thinkingBlocks);
        }
        if (!toolCalls.isEmpty()) {
            extensions.put("tool_calls", toolCalls);
        }
        ChatMessage message = new ChatMessage(ChatMessage.ASSISTANT,
                text.length() == 0 && !toolCalls.isEmpty() ? null : text.toString(), null, extensions);
        String finish = structured && toolCalls.isEmpty() && "tool_use".equals(converse.stopReason()) ? "stop"
                : finishReason(converse.stopReason());
        return new ChatResponse(id, model, created, List.of(new ChatChoice(0, message, finish)),
                usage(converse.usage()));
    }

    /** Reasoning as OpenAI-compatible gateways carry it in {@code thinking_blocks}. */
    static Map<String, Object> thinkingBlock(String thinking, String signature) {
        Map<String, Object> block = new LinkedHashMap<>(3);
        block.put("type", "thinking");
        block.put("thinking", thinking);
        block.put("signature", signature);
        return block;
    }

    static Map<String, Object> redactedBlock(String data) {
        return Map.of("type", "redacted_thinking", "data", data);
    }

    static String json(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            JsonValues.write(g, value == null ? Map.of() : value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
