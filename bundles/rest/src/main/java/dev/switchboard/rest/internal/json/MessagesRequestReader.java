package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Anthropic Messages API body ({@code POST /v1/messages}) into the gateway's {@link ChatRequest}, whose
 * fields have OpenAI's meaning, so any provider can serve it:
 * <ul>
 * <li>{@code system} (a string or text blocks) → a leading system message;</li>
 * <li>text blocks → text, image blocks → {@code image_url} parts (a base64 source as a {@code data:} URL);</li>
 * <li>an assistant's {@code tool_use} blocks → {@code tool_calls}; a user's {@code tool_result} blocks → one
 *     {@code tool} message each, ahead of the rest of that user turn;</li>
 * <li>{@code tools}, {@code tool_choice}, {@code stop_sequences}, {@code metadata.user_id},
 *     {@code output_config.format} (json_schema) → their OpenAI counterparts.</li>
 * </ul>
 * Extended thinking passes through: {@code thinking} as the extension of that name (Anthropic and Claude on Bedrock
 * send it as it is, Gemini takes its budget), an assistant's {@code thinking} / {@code redacted_thinking} blocks as
 * {@code thinking_blocks} (+ {@code reasoning_content}), as OpenAI-compatible gateways carry them, so their
 * signatures go back upstream. Fields with no counterpart that every provider would accept ({@code top_k},
 * {@code cache_control} marks, ...) are left out. The body is small next to what it costs upstream, so it is bound to plain maps first.
 * Every validation failure is a 400 naming the field.
 */
public final class MessagesRequestReader {

    static final String MALFORMED = "The request body is not valid JSON: expected an object with 'model', "
            + "'max_tokens' and 'messages'.";

    public ChatRequest read(byte[] body, int length) throws IOException {
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(body, 0, length, Object.class);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
        String model = string(root.get("model"), "model");
        if (model == null || model.isBlank()) {
            throw missing("model");
        }
        List<ChatMessage> messages = new ArrayList<>();
        Object system = root.get("system");
        if (system != null) {
            String text = system instanceof String s ? s : joinedText(list(system, "system"), "system");
            messages.add(ChatMessage.of(ChatMessage.SYSTEM, text));
        }
        Object turns = root.get("messages");
        if (turns == null) {
            throw missing("messages");
        }
        List<?> list = list(turns, "messages");
        if (list.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "messages: at least one message is required");
        }
        for (int i = 0; i < list.size(); i++) {
            turn(list.get(i), "messages." + i, messages);
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        tools(root, extensions);
        if (root.get("thinking") instanceof Map<?, ?> thinking) {
            extensions.put("thinking", thinking);
        } else if (root.get("thinking") != null) {
            throw wrongType("thinking", "an object");
        }
        if (root.get("output_config") instanceof Map<?, ?> output && output.get("format") instanceof Map<?, ?> format
                && "json_schema".equals(format.get("type"))) {
            extensions.put("response_format", Map.of("type", "json_schema",
                    "json_schema", Map.of("name", "output", "schema", format.get("schema"))));
        }
        String user = root.get("metadata") instanceof Map<?, ?> metadata
                ? string(metadata.get("user_id"), "metadata.user_id") : null;
        Object stream = root.get("stream");
        if (stream != null && !(stream instanceof Boolean)) {
            throw wrongType("stream", "a boolean");
        }
        // usage always: message_delta reports output tokens at the end of every stream
        return ChatRequest.builder(model, messages)
                .maxTokens(positive(root.get("max_tokens"), "max_tokens"))
                .temperature(decimal(root.get("temperature"), "temperature"))
                .topP(decimal(root.get("top_p"), "top_p"))
                .stop(strings(root.get("stop_sequences"), "stop_sequences"))
                .user(user)
                .stream(Boolean.TRUE.equals(stream))
                .includeUsage(true)
                .extensions(extensions)
                .build();
    }

    private static void turn(Object value, String path, List<ChatMessage> out) {
        if (!(value instanceof Map<?, ?> turn)) {
            throw wrongType(path, "an object");
        }
        Object role = turn.get("role");
        if (!ChatMessage.USER.equals(role) && !ChatMessage.ASSISTANT.equals(role)) {
            throw GatewayException.invalidRequest(path + ".role", path + ".role: Input should be 'user' or 'assistant'");
        }
        Object content = turn.get("content");
        if (content instanceof String text) {
            out.add(ChatMessage.of((String) role, text));
            return;
        }
        if (content == null) {
            throw missing(path + ".content");
        }
        List<?> blocks = list(content, path + ".content");
        List<Object> parts = new ArrayList<>(blocks.size());
        List<Object> toolCalls = new ArrayList<>(0);
        List<Object> thinking = null;
        StringBuilder reasoning = null;
        StringBuilder text = new StringBuilder();
        boolean onlyText = true;
        for (int i = 0; i < blocks.size(); i++) {
            String blockPath = path + ".content." + i;
            if (!(blocks.get(i) instanceof Map<?, ?> block)) {
                throw wrongType(blockPath, "an object");
            }
            Object type = block.get("type");
            if ("text".equals(type)) {
                String part = string(block.get("text"), blockPath + ".text");
                text.append(part == null ? "" : part);
                parts.add(Map.of("type", "text", "text", part == null ? "" : part));
            } else if ("image".equals(type)) {
                onlyText = false;
                parts.add(Map.of("type", "image_url", "image_url", Map.of("url", imageUrl(block, blockPath))));
            } else if ("tool_use".equals(type) && ChatMessage.ASSISTANT.equals(role)) {
                toolCalls.add(Map.of("id", String.valueOf(block.get("id")), "type", "function", "function",
                        Map.of("name", String.valueOf(block.get("name")), "arguments", json(block.get("input")))));
            } else if ("tool_result".equals(type) && ChatMessage.USER.equals(role)) {
                Map<String, Object> extensions = Map.of("tool_call_id", String.valueOf(block.get("tool_use_id")));
                Object result = block.get("content");
                String resultText = result == null ? "" : result instanceof String s ? s
                        : joinedText(list(result, blockPath + ".content"), blockPath + ".content");
                out.add(new ChatMessage("tool", resultText, null, extensions));
            } else if ("thinking".equals(type) || "redacted_thinking".equals(type)) {
                if (ChatMessage.ASSISTANT.equals(role)) {
                    // earlier reasoning, with the signature the upstream checks when it comes back
                    if (thinking == null) {
                        thinking = new ArrayList<>(1);
                        reasoning = new StringBuilder();
                    }
                    thinking.add(block);
                    if (block.get("thinking") instanceof String thought) {
                        reasoning.append(thought);
                    }
                }
            } else {
                // documents and other block types pass as parts; a provider that knows them uses them
                onlyText = false;
                parts.add(block);
            }
        }
        if (parts.isEmpty() && toolCalls.isEmpty() && thinking == null) {
            return;
        }
        Map<String, Object> extensions = new LinkedHashMap<>(4);
        if (thinking != null) {
            extensions.put("reasoning_content", reasoning.toString());
            extensions.put("thinking_blocks", thinking);
        }
        if (!onlyText) {
            extensions.put("content", parts);
        }
        if (!toolCalls.isEmpty()) {
            extensions.put("tool_calls", toolCalls);
        }
        String joined = parts.isEmpty() ? null : text.toString();
        out.add(new ChatMessage((String) role, joined, null, extensions));
    }

    private static String imageUrl(Map<?, ?> block, String path) {
        if (!(block.get("source") instanceof Map<?, ?> source)) {
            throw missing(path + ".source");
        }
        if ("base64".equals(source.get("type"))) {
            return "data:" + string(source.get("media_type"), path + ".source.media_type") + ";base64,"
                    + string(source.get("data"), path + ".source.data");
        }
        if ("url".equals(source.get("type"))) {
            return string(source.get("url"), path + ".source.url");
        }
        throw GatewayException.invalidRequest(path + ".source.type", path
                + ".source.type: Input should be 'base64' or 'url'");
    }

    private static void tools(Map<?, ?> root, Map<String, Object> extensions) {
        Object tools = root.get("tools");
        if (tools != null) {
            List<?> list = list(tools, "tools");
            List<Object> mapped = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> tool)) {
                    throw wrongType("tools." + i, "an object");
                }
                if (tool.get("input_schema") == null) {
                    // a server tool (web search, ...): only Anthropic serves it, so it passes as it is
                    mapped.add(tool);
                    continue;
                }
                Map<String, Object> function = new LinkedHashMap<>(3);
                function.put("name", string(tool.get("name"), "tools." + i + ".name"));
                if (tool.get("description") != null) {
                    function.put("description", tool.get("description"));
                }
                function.put("parameters", tool.get("input_schema"));
                mapped.add(Map.of("type", "function", "function", function));
            }
            if (!mapped.isEmpty()) {
                extensions.put("tools", mapped);
            }
        }
        if (root.get("tool_choice") instanceof Map<?, ?> choice) {
            Object type = choice.get("type");
            if ("auto".equals(type) || "none".equals(type)) {
                extensions.put("tool_choice", type);
            } else if ("any".equals(type)) {
                extensions.put("tool_choice", "required");
            } else if ("tool".equals(type)) {
                extensions.put("tool_choice", Map.of("type", "function",
                        "function", Map.of("name", String.valueOf(choice.get("name")))));
            } else {
                throw GatewayException.invalidRequest("tool_choice.type",
                        "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
            }
            if (Boolean.TRUE.equals(choice.get("disable_parallel_tool_use"))) {
                extensions.put("parallel_tool_calls", false);
            }
        }
    }

    private static String joinedText(List<?> blocks, String path) {
        StringBuilder text = new StringBuilder();
        for (Object block : blocks) {
            if (block instanceof Map<?, ?> map && "text".equals(map.get("type"))) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(string(map.get("text"), path + ".text"));
            }
        }
        return text.toString();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(null, MALFORMED);
        }
    }

    private static List<?> list(Object value, String path) {
        if (!(value instanceof List<?> list)) {
            throw wrongType(path, "a list");
        }
        return list;
    }

    private static String string(Object value, String path) {
        if (value != null && !(value instanceof String)) {
            throw wrongType(path, "a valid string");
        }
        return (String) value;
    }

    private static List<String> strings(Object value, String path) {
        if (value == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object element : list(value, path)) {
            strings.add(string(element, path));
        }
        return strings;
    }

    private static Integer positive(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer number) || number < 1) {
            throw GatewayException.invalidRequest(path, path + ": Input should be a positive integer");
        }
        return number;
    }

    private static Double decimal(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 1) {
            throw GatewayException.invalidRequest(path, path + ": Input should be a number between 0 and 1");
        }
        return number.doubleValue();
    }

    private static GatewayException missing(String path) {
        return GatewayException.invalidRequest(path, path + ": Field required");
    }

    private static GatewayException wrongType(String path, String expected) {
        return GatewayException.invalidRequest(path, path + ": Input should be " + expected);
    }
}
