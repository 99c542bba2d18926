package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI answers with every documented field (fixtures copied from the openai provider's tests) and the records a
 * provider maps them to: the modelled fields typed, everything else in the extension map of its level. What the
 * writers make of those records must be the fixture again.
 */
public final class OpenAiDocuments {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private OpenAiDocuments() {
    }

    public static JsonNode completion() {
        return tree(text("openai-chat-completion-all-fields.json"));
    }

    /** The data of each event of the streamed fixture, without {@code [DONE]}. */
    public static List<JsonNode> chunks() {
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : text("openai-chat-stream-all-fields.sse").split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(tree(line.substring("data: ".length())));
            }
        }
        return chunks;
    }

    public static ChatResponse toResponse(JsonNode json) {
        List<ChatChoice> choices = new ArrayList<>();
        for (JsonNode choice : json.get("choices")) {
            JsonNode message = choice.get("message");
            choices.add(new ChatChoice(choice.get("index").asInt(), new ChatMessage(message.get("role").asText(),
                    message.get("content").isNull() ? null : message.get("content").asText(), null,
                    rest(message, "role", "content")), choice.get("finish_reason").asText(),
                    rest(choice, "index", "message", "finish_reason")));
        }
        return new ChatResponse(json.get("id").asText(), json.get("model").asText(), json.get("created").asLong(),
                choices, usage(json.get("usage")), rest(json, "id", "object", "created", "model", "choices", "usage"));
    }

    /** One chunk per wire chunk (the fixture's chunks have one choice each, or none and usage). */
    public static ChatChunk toChunk(JsonNode json) {
        Map<String, Object> top = rest(json, "id", "object", "created", "model", "choices", "usage");
        String id = json.get("id").asText();
        String model = json.get("model").asText();
        long created = json.get("created").asLong();
        if (json.get("choices").isEmpty()) {
            return new ChatChunk(id, model, 0, null, null, null, usage(json.get("usage")), Map.of(), Map.of(), top,
                    created);
        }
        JsonNode choice = json.get("choices").get(0);
        JsonNode delta = choice.get("delta");
        return new ChatChunk(id, model, choice.get("index").asInt(), delta.has("role") ? delta.get("role").asText() : null,
                delta.has("content") ? delta.get("content").asText() : null,
                choice.get("finish_reason").isNull() ? null : choice.get("finish_reason").asText(), null,
                rest(delta, "role", "content"), rest(choice, "index", "delta", "finish_reason"), top, created);
    }

    private static Usage usage(JsonNode usage) {
        if (usage == null || usage.isNull()) {
            return null;
        }
        return new Usage(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong(),
                usage.at("/prompt_tokens_details/cached_tokens").asLong(), 0,
                usage.at("/completion_tokens_details/reasoning_tokens").asLong(),
                rest(usage, "prompt_tokens", "completion_tokens", "total_tokens"));
    }

    private static Map<String, Object> rest(JsonNode node, String... modelled) {
        LinkedHashMap<String, Object> all = Json.MAPPER.convertValue(node, MAP);
        all.keySet().removeAll(Set.of(modelled));
        return all;
    }

    public static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String name) {
        try (InputStream in = OpenAiDocuments.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
