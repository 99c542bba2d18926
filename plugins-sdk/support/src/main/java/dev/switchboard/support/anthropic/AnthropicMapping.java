package dev.switchboard.support.anthropic;

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
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pure translation between the API's records (OpenAI's semantics) and the Messages API; no HTTP here.
 * <ul>
 * <li>system and developer messages become the top-level {@code system} blocks;</li>
 * <li>assistant {@code tool_calls} become {@code tool_use} blocks, {@code tool} messages {@code tool_result}
 *     blocks of a user turn; consecutive turns of one role are merged, as the API wants them to alternate;</li>
 * <li>{@code image_url} parts become image blocks: a {@code data:} URL a base64 source, any other a url source;</li>
 * <li>{@code max_tokens}, which the API requires, comes from the catalog when the client sent none;</li>
 * <li>what the API would refuse (temperature above 1, temperature with top_p, OpenAI-only fields) is dropped
 *     or clamped, and each change is reported to {@code notes} so the caller can log it.</li>
 * </ul>
 */
public final class AnthropicMapping {

    /** OpenAI request fields with no Messages API counterpart: dropped (the API refuses unknown fields). */
    private static final Set<String> HANDLED = Set.of("tools", "tool_choice", "parallel_tool_calls",
            "response_format", "metadata", "stream_options", "reasoning_effort");
    /** The {@code anthropic_version} Bedrock's InvokeModel takes for Claude. */
    public static final String BEDROCK_VERSION = "bedrock-2023-05-31";
    /** Messages API fields a client may send as extensions; passed through unchanged. */
    private static final Set<String> NATIVE = Set.of("top_k", "thinking", "service_tier", "container",
            "mcp_servers", "context_management", "output_config");

    private AnthropicMapping() {
    }

    /**
     * The request body for {@code model} (the upstream id).
     *
     * @param defaultMaxTokens {@code max_tokens} when the request has none
     * @param notes            receives one line per parameter dropped or changed
     * @throws IllegalArgumentException when the request cannot be expressed (a broken data URL, tool arguments
     *                                  that are not JSON)
     */
    public static byte[] requestBody(ChatRequest request, boolean stream, int defaultMaxTokens, Consumer<String> notes) {
        return body(request, stream, null, defaultMaxTokens, notes);
    }

    /**
     * The body of Bedrock's {@code InvokeModel} / {@code InvokeModelWithResponseStream} for a Claude model: the same
     * Messages API body without {@code model} and {@code stream} (the URL says both) and with
     * {@code anthropic_version: bedrock-2023-05-31}.
     */
    public static byte[] bedrockBody(ChatRequest request, int defaultMaxTokens, Consumer<String> notes) {
        return body(request, false, BEDROCK_VERSION, defaultMaxTokens, notes);
    }

    private static byte[] body(ChatRequest request, boolean stream, String bedrockVersion, int defaultMaxTokens,
                               Consumer<String> notes) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (bedrockVersion != null) {
                g.writeStringField("anthropic_version", bedrockVersion);
            } else {
                g.writeStringField("model", request.model());
            }
            Map<String, Object> thinking = thinking(request, notes);
            int maxTokens = request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens;
            if (thinking != null && budget(thinking) >= maxTokens) {
                // the API wants budget_tokens below max_tokens: the answer gets its default room beyond the budget
                maxTokens = budget(thinking) + defaultMaxTokens;
                notes.accept("max_tokens raised to " + maxTokens + " (above the thinking budget)");
            }
            g.writeNumberField("max_tokens", maxTokens);
            List<Object> system = new ArrayList<>(1);
            List<Map<String, Object>> turns = turns(request.messages(), system);
            if (!system.isEmpty()) {
                g.writeFieldName("system");
                JsonValues.write(g, system);
            }
            g.writeFieldName("messages");
            JsonValues.write(g, turns);
            if (thinking != null) {
                g.writeFieldName("thinking");
                JsonValues.write(g, thinking);
                if (request.temperature() != null || request.topP() != null) {
                    // extended thinking refuses temperature and a top_p below 0.95
                    notes.accept("temperature/top_p dropped (extended thinking is on)");
                }
            } else {
                writeSampling(g, request, notes);
            }
            if (!request.stop().isEmpty()) {
                g.writeFieldName("stop_sequences");
                JsonValues.write(g, request.stop());
            }
            if (request.seed() != null) {
                notes.accept("seed dropped (the Messages API has no seed)");
            }
            Map<String, Object> extensions = request.extensions();
            writeTools(g, extensions);
            writeOutputFormat(g, extensions.get("response_format"), notes);
            if (extensions.get("metadata") instanceof Map<?, ?> metadata && metadata.containsKey("user_id")) {
                g.writeFieldName("metadata");
                JsonValues.write(g, Map.of("user_id", metadata.get("user_id")));
            } else if (request.user() != null) {
                g.writeObjectFieldStart("metadata");
                g.writeStringField("user_id", request.user());
                g.writeEndObject();
            }
            if (stream) {
                g.writeBooleanField("stream", true);
            }
            List<String> dropped = null;
            for (Map.Entry<String, Object> extension : extensions.entrySet()) {
                String key = extension.getKey();
                if ("thinking".equals(key) || "reasoning_effort".equals(key)) {
                    continue; // written above
                }
                if (NATIVE.contains(key)) {
                    if (!"output_config".equals(key) || !isJsonSchema(extensions.get("response_format"))) {
                        g.writeFieldName(key);
                        JsonValues.write(g, extension.getValue());
                    }
                } else if (!HANDLED.contains(key)) {
                    if (dropped == null) {
                        dropped = new ArrayList<>(2);
                    }
                    dropped.add(key);
                }
            }
            if (dropped != null) {
                notes.accept(String.join(", ", dropped) + " dropped (not part of the Messages API)");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The {@code thinking} to send: the client's own, else one made from OpenAI's {@code reasoning_effort} with the
     * budgets OpenAI-compatible gateways use for Claude (low 1024, medium 2048, high 4096 tokens); {@code null} for
     * none ({@code minimal}/{@code none} effort, or thinking disabled).
     */
    private static Map<String, Object> thinking(ChatRequest request, Consumer<String> notes) {
        Object given = request.extensions().get("thinking");
        if (given instanceof Map<?, ?> map) {
            if (!"enabled".equals(map.get("type"))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> thinking = (Map<String, Object>) map;
            return thinking;
        }
        Object effort = request.extensions().get("reasoning_effort");
        if (!(effort instanceof String level)) {
            return null;
        }
        int budget = switch (level) {
            case "low" -> 1024;
            case "medium" -> 2048;
            case "high", "xhigh" -> 4096;
            default -> 0;
        };
        if (budget == 0) {
            notes.accept("reasoning_effort " + level + " dropped (no thinking)");
            return null;
        }
        Map<String, Object> thinking = new LinkedHashMap<>(2);
        thinking.put("type", "enabled");
        thinking.put("budget_tokens", budget);
        return thinking;
    }

    private static int budget(Map<String, Object> thinking) {
        return thinking.get("budget_tokens") instanceof Number n ? n.intValue() : 0;
    }

    private static void writeSampling(JsonGenerator g, ChatRequest request, Consumer<String> notes) throws IOException {
        Double temperature = request.temperature();
        if (temperature != null) {
            if (temperature > 1.0) {
                // OpenAI's range is 0..2, Anthropic's 0..1
                notes.accept("temperature " + temperature + " clamped to 1.0 (the Messages API's maximum)");
                temperature = 1.0;
            }
            g.writeNumberField("temperature", temperature);
        }
        if (request.topP() != null) {
            if (temperature != null) {
                // current Claude models refuse both ("temperature and top_p cannot both be specified")
                notes.accept("top_p dropped (temperature is set; Claude models take one of the two)");
            } else {
                g.writeNumberField("top_p", request.topP());
            }
        }
    }

    private static List<Map<String, Object>> turns(List<ChatMessage> messages, List<Object> system) {
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            switch (message.role()) {
                case "system", "developer" -> system.addAll(textBlocks(message));
                case ChatMessage.ASSISTANT -> append(turns, ChatMessage.ASSISTANT, assistantBlocks(message));
                case "tool", "function" -> append(turns, ChatMessage.USER, List.of(toolResult(message)));
                default -> append(turns, ChatMessage.USER, userBlocks(message));
            }
        }
        return turns;
    }

    /** Adds blocks to the last turn when it has the same role, else as a new turn. */
    @SuppressWarnings("unchecked")
    private static void append(List<Map<String, Object>> turns, String role, List<Object> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        Map<String, Object> last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(last.get("role"))) {
            ((List<Object>) last.get("content")).addAll(blocks);
            return;
        }
        Map<String, Object> turn = new LinkedHashMap<>(2);
        turn.put("role", role);
        turn.put("content", new ArrayList<>(blocks));
        turns.add(turn);
    }

    private static List<Object> textBlocks(ChatMessage message) {
        if (message.extensions().get("content") instanceof List<?> parts) {
            List<Object> blocks = new ArrayList<>(parts.size());
            for (Object part : parts) {
                if (part instanceof Map<?, ?> map && "text".equals(map.get("type"))) {
                    blocks.add(textBlock(map));
                }
            }
            return blocks;
        }
        String text = message.content();
        return text == null || text.isEmpty() ? List.of() : List.of(Map.of("type", "text", "text", text));
    }

    private static List<Object> userBlocks(ChatMessage message) {
        if (!(message.extensions().get("content") instanceof List<?> parts)) {
            return textBlocks(message);
        }
        List<Object> blocks = new ArrayList<>(parts.size());
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> map)) {
                continue;
            }
            Object type = map.get("type");
            if ("text".equals(type)) {
                blocks.add(textBlock(map));
            } else if ("image_url".equals(type)) {
                blocks.add(imageBlock(map.get("image_url")));
            } else {
                // the Messages API's own block types (image, document, ...) pass as they are
                blocks.add(map);
            }
        }
        return blocks;
    }

    private static Map<String, Object> textBlock(Map<?, ?> part) {
        Map<String, Object> block = new LinkedHashMap<>(3);
        block.put("type", "text");
        block.put("text", part.get("text"));
        if (part.get("cache_control") != null) {
            block.put("cache_control", part.get("cache_control"));
        }
        return block;
    }

    static Map<String, Object> imageBlock(Object imageUrl) {
        Object url = imageUrl instanceof Map<?, ?> map ? map.get("url") : imageUrl;
        if (!(url instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("image_url part without a url");
        }
        Map<String, Object> source = new LinkedHashMap<>(3);
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            String header = comma < 0 ? "" : text.substring(5, comma);
            if (!header.endsWith(";base64")) {
                throw new IllegalArgumentException("image data URL must be base64 (data:<type>;base64,...)");
            }
            source.put("type", "base64");
            source.put("media_type", header.substring(0, header.length() - ";base64".length()));
            source.put("data", text.substring(comma + 1));
        } else {
            source.put("type", "url");
            source.put("url", text);
        }
        return Map.of("type", "image", "source", source);
    }

    private static List<Object> assistantBlocks(ChatMessage message) {
        List<Object> blocks = new ArrayList<>(4);
        // signed thinking blocks go back first, as the API wants them before a tool_use they led to
        if (message.extensions().get("thinking_blocks") instanceof List<?> thinking) {
            for (Object block : thinking) {
                if (block instanceof Map<?, ?> map && ("thinking".equals(map.get("type")) && map.get("signature") != null
                        || "redacted_thinking".equals(map.get("type")))) {
                    blocks.add(block);
                }
            }
        }
        blocks.addAll(textBlocks(message));
        if (message.extensions().get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (!(call instanceof Map<?, ?> map) || !(map.get("function") instanceof Map<?, ?> function)) {
                    continue;
                }
                Map<String, Object> block = new LinkedHashMap<>(4);
                block.put("type", "tool_use");
                block.put("id", map.get("id"));
                block.put("name", function.get("name"));
                block.put("input", arguments(function.get("arguments")));
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** OpenAI's arguments are JSON text; the API wants the object. */
    private static Object arguments(Object arguments) {
        if (arguments instanceof Map<?, ?>) {
            return arguments;
        }
        if (!(arguments instanceof String text) || text.isBlank()) {
            return Map.of();
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("tool call arguments must be a JSON object");
            }
            return JsonValues.read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool call arguments are not valid JSON");
        }
    }

    private static Map<String, Object> toolResult(ChatMessage message) {
        Map<String, Object> block = new LinkedHashMap<>(3);
        block.put("type", "tool_result");
        Object id = message.extensions().get("tool_call_id");
        block.put("tool_use_id", id != null ? id : message.name());
        block.put("content", message.content() == null ? "" : message.content());
        return block;
    }

    private static void writeTools(JsonGenerator g, Map<String, Object> extensions) throws IOException {
        Object tools = extensions.get("tools");
        Object choice = extensions.get("tool_choice");
        if (tools instanceof List<?> list && !list.isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (Object tool : list) {
                if (tool instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
                    g.writeStartObject();
                    g.writeFieldName("name");
                    JsonValues.write(g, function.get("name"));
                    if (function.get("description") != null) {
                        g.writeFieldName("description");
                        JsonValues.write(g, function.get("description"));
                    }
                    g.writeFieldName("input_schema");
                    Object schema = function.get("parameters");
                    JsonValues.write(g, schema != null ? schema : Map.of("type", "object"));
                    g.writeEndObject();
                } else {
                    // already in the Messages API's shape (or one of its server tools)
                    JsonValues.write(g, tool);
                }
            }
            g.writeEndArray();
        }
        Map<String, Object> toolChoice = toolChoice(choice);
        if (Boolean.FALSE.equals(extensions.get("parallel_tool_calls")) && !"none".equals(choice)) {
            toolChoice = toolChoice == null ? new LinkedHashMap<>(Map.of("type", "auto")) : toolChoice;
            toolChoice.put("disable_parallel_tool_use", true);
        }
        if (toolChoice != null) {
            g.writeFieldName("tool_choice");
            JsonValues.write(g, toolChoice);
        }
    }

    private static Map<String, Object> toolChoice(Object choice) {
        Map<String, Object> mapped = new LinkedHashMap<>(3);
        if ("auto".equals(choice) || "none".equals(choice)) {
            mapped.put("type", choice);
        } else if ("required".equals(choice)) {
            mapped.put("type", "any");
        } else if (choice instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
            mapped.put("type", "tool");
            mapped.put("name", function.get("name"));
        } else if (choice instanceof Map<?, ?> map && map.get("type") != null) {
            map.forEach((key, value) -> mapped.put(String.valueOf(key), value));
        } else {
            return null;
        }
        return mapped;
    }

    private static boolean isJsonSchema(Object format) {
        return format instanceof Map<?, ?> map && "json_schema".equals(map.get("type"))
                && map.get("json_schema") instanceof Map<?, ?> spec && spec.get("schema") != null;
    }

    /** OpenAI's json_schema response format is the API's structured output ({@code output_config.format}). */
    private static void writeOutputFormat(JsonGenerator g, Object format, Consumer<String> notes) throws IOException {
        if (isJsonSchema(format)) {
            g.writeObjectFieldStart("output_config");
            g.writeObjectFieldStart("format");
            g.writeStringField("type", "json_schema");
            g.writeFieldName("schema");
            JsonValues.write(g, ((Map<?, ?>) ((Map<?, ?>) format).get("json_schema")).get("schema"));
            g.writeEndObject();
            g.writeEndObject();
        } else if (format instanceof Map<?, ?> map && "json_object".equals(map.get("type"))) {
            notes.accept("response_format json_object dropped (the Messages API has structured output with a "
                    + "schema only)");
        }
    }

    /** Anthropic's stop reason in OpenAI's words. */
    public static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * Prompt tokens as OpenAI counts them (cache reads and writes included: Anthropic's {@code input_tokens}
     * leaves them out), with the cache reads and writes as their own parts; the later report of a count wins.
     */
    public static Usage usage(AnthropicWire.Usage input, AnthropicWire.Usage output) {
        long prompt = 0;
        long completion = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        for (AnthropicWire.Usage usage : new AnthropicWire.Usage[] {input, output}) {
            if (usage == null) {
                continue;
            }
            if (usage.inputTokens() != null || usage.cacheCreationInputTokens() != null
                    || usage.cacheReadInputTokens() != null) {
                prompt = n(usage.inputTokens()) + n(usage.cacheCreationInputTokens()) + n(usage.cacheReadInputTokens());
                cacheRead = n(usage.cacheReadInputTokens());
                cacheWrite = n(usage.cacheCreationInputTokens());
            }
            if (usage.outputTokens() != null) {
                completion = usage.outputTokens();
            }
        }
        return cacheRead == 0 && cacheWrite == 0 ? new Usage(prompt, completion)
                : new Usage(prompt, completion, cacheRead, cacheWrite, 0, Map.of());
    }

    private static long n(Long value) {
        return value == null ? 0 : value;
    }

    public static ChatResponse toResponse(AnthropicWire.Message message, long createdEpochSeconds) {
        StringBuilder text = new StringBuilder();
        List<Object> toolCalls = null;
        StringBuilder reasoning = null;
        List<Object> thinkingBlocks = null;
        for (AnthropicWire.Block block : message.content()) {
            if ("text".equals(block.type()) && block.text() != null) {
                text.append(block.text());
            } else if ("thinking".equals(block.type()) || "redacted_thinking".equals(block.type())) {
                if (thinkingBlocks == null) {
                    thinkingBlocks = new ArrayList<>(1);
                    reasoning = new StringBuilder();
                }
                thinkingBlocks.add(thinkingBlock(block.type(), block.thinking(), block.signature(), block.data()));
                if (block.thinking() != null) {
                    reasoning.append(block.thinking());
                }
            } else if ("tool_use".equals(block.type())) {
                if (toolCalls == null) {
                    toolCalls = new ArrayList<>(2);
                }
                toolCalls.add(Map.of("id", block.id() == null ? "" : block.id(), "type", "function",
                        "function", Map.of("name", block.name() == null ? "" : block.name(),
                                "arguments", block.input() == null ? "{}" : block.input())));
            }
        }
        Map<String, Object> extensions = new LinkedHashMap<>(4);
        if (thinkingBlocks != null) {
            extensions.put("reasoning_content", reasoning.toString());
            extensions.put("thinking_blocks", thinkingBlocks);
        }
        if (toolCalls != null) {
            extensions.put("tool_calls", toolCalls);
        }
        ChatMessage reply = new ChatMessage(ChatMessage.ASSISTANT, toolCalls != null && text.length() == 0 ? null
                : text.toString(), null, extensions);
        return new ChatResponse(message.id(), message.model(), createdEpochSeconds,
                List.of(new ChatChoice(0, reply, finishReason(message.stopReason()))),
                usage(message.usage(), null));
    }

    /** A thinking block as OpenAI-compatible gateways carry it in {@code thinking_blocks}. */
    static Map<String, Object> thinkingBlock(String type, String thinking, String signature, String data) {
        Map<String, Object> block = new LinkedHashMap<>(3);
        block.put("type", type);
        if ("redacted_thinking".equals(type)) {
            block.put("data", data == null ? "" : data);
        } else {
            block.put("thinking", thinking == null ? "" : thinking);
            block.put("signature", signature == null ? "" : signature);
        }
        return block;
    }

    /**
     * One stream's events to chunks. Anthropic numbers content blocks across text and tool use; OpenAI numbers
     * tool calls alone, so tool_use blocks get their own index here. Not thread-safe: events arrive in order.
     */
    public static final class StreamState {
        private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>(4);
        private String id;
        private String model;
        private AnthropicWire.Usage inputUsage;
        private AnthropicWire.Usage lastUsage;
        private boolean finished;
        private boolean stopped;

        /** The chunks of one event; true once the event was message_stop. */
        public boolean accept(AnthropicWire.Event event, Consumer<ChatChunk> out) {
            switch (event.type()) {
                case "message_start" -> {
                    AnthropicWire.Message message = event.message();
                    if (message != null) {
                        id = message.id();
                        model = message.model();
                        inputUsage = message.usage();
                    }
                    out.accept(new ChatChunk(id, model, 0, ChatMessage.ASSISTANT, null, null, null));
                }
                case "content_block_start" -> start(event, out);
                case "content_block_delta" -> delta(event, out);
                case "message_delta" -> {
                    if (event.usage() != null) {
                        lastUsage = event.usage();
                    }
                    String stopReason = event.delta() == null ? null : event.delta().stopReason();
                    if (stopReason != null) {
                        finished = true;
                        out.accept(new ChatChunk(id, model, 0, null, null, finishReason(stopReason), null));
                    }
                }
                case "message_stop" -> {
                    stopped = true;
                    out.accept(new ChatChunk(id, model, 0, null, null, null, usage(inputUsage, lastUsage)));
                    return true;
                }
                default -> {
                    // ping, content_block_stop, and event types added later: nothing to pass on
                }
            }
            return false;
        }

        public boolean finished() {
            return finished;
        }

        public boolean stopped() {
            return stopped;
        }

        private void start(AnthropicWire.Event event, Consumer<ChatChunk> out) {
            AnthropicWire.Block block = event.block();
            if (block == null) {
                return;
            }
            if ("tool_use".equals(block.type())) {
                int index = toolIndexByBlock.size();
                toolIndexByBlock.put(event.index(), index);
                Map<String, Object> call = new LinkedHashMap<>(4);
                call.put("index", index);
                call.put("id", block.id());
                call.put("type", "function");
                call.put("function", Map.of("name", block.name() == null ? "" : block.name(), "arguments", ""));
                out.accept(toolChunk(call));
            } else if ("text".equals(block.type()) && block.text() != null && !block.text().isEmpty()) {
                out.accept(new ChatChunk(id, model, 0, null, block.text(), null, null));
            } else if ("redacted_thinking".equals(block.type())) {
                out.accept(new ChatChunk(id, model, 0, null, null, null, null, Map.of("thinking_blocks",
                        List.of(thinkingBlock(block.type(), null, null, block.data())))));
            } else if ("thinking".equals(block.type()) && block.thinking() != null && !block.thinking().isEmpty()) {
                out.accept(new ChatChunk(id, model, 0, null, null, null, null,
                        Map.of("reasoning_content", block.thinking())));
            }
        }

        private void delta(AnthropicWire.Event event, Consumer<ChatChunk> out) {
            AnthropicWire.Delta delta = event.delta();
            if (delta == null) {
                return;
            }
            if ("text_delta".equals(delta.type()) && delta.text() != null) {
                out.accept(new ChatChunk(id, model, 0, null, delta.text(), null, null));
            } else if ("input_json_delta".equals(delta.type()) && delta.partialJson() != null) {
                Integer index = toolIndexByBlock.get(event.index());
                if (index != null && !delta.partialJson().isEmpty()) {
                    out.accept(toolChunk(Map.of("index", index, "function", Map.of("arguments", delta.partialJson()))));
                }
            } else if ("thinking_delta".equals(delta.type()) && delta.thinking() != null) {
                out.accept(new ChatChunk(id, model, 0, null, null, null, null,
                        Map.of("reasoning_content", delta.thinking())));
            } else if ("signature_delta".equals(delta.type()) && delta.signature() != null) {
                // the signature closes the thinking block: sent as a thinking block of no text, as gateways do
                out.accept(new ChatChunk(id, model, 0, null, null, null, null, Map.of("thinking_blocks",
                        List.of(thinkingBlock("thinking", "", delta.signature(), null)))));
            }
            // citations_delta: OpenAI's chunk has no place for it
        }

        private ChatChunk toolChunk(Map<String, Object> call) {
            return new ChatChunk(id, model, 0, null, null, null, null, Map.of("tool_calls", List.of(call)));
        }
    }
}
