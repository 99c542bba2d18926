package dev.switchboard.provider.sagemaker.internal;

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
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pure translation between the API's records and what a chat container on a SageMaker endpoint speaks; no HTTP
 * here. {@link SageMakerSettings.Format#MESSAGES}: an OpenAI Chat Completions body and answer (TGI's and vLLM's
 * Messages API). {@link SageMakerSettings.Format#TGI}: TGI's generate API, the conversation flattened to a prompt
 * ({@code inputs}) with {@code parameters}, answered by {@code generated_text} (streamed: one {@code token} per
 * event, the last with {@code details.finish_reason}).
 */
final class SageMakerMapping {

    private static final Set<String> OWNED = Set.of("model", "messages", "stream", "stream_options", "temperature",
            "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "user");

    private SageMakerMapping() {
    }

    static byte[] requestBody(ChatRequest request, SageMakerSettings.Format format, boolean stream) {
        return format == SageMakerSettings.Format.TGI ? tgiBody(request, stream) : messagesBody(request, stream);
    }

    private static byte[] messagesBody(ChatRequest request, boolean stream) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            g.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                g.writeStartObject();
                g.writeStringField("role", message.role());
                if (message.extensions().containsKey("content")) {
                    g.writeFieldName("content");
                    JsonValues.write(g, message.extensions().get("content"));
                } else {
                    g.writeStringField("content", message.content());
                }
                for (Map.Entry<String, Object> extension : message.extensions().entrySet()) {
                    if (!"content".equals(extension.getKey()) && !"role".equals(extension.getKey())) {
                        g.writeFieldName(extension.getKey());
                        JsonValues.write(g, extension.getValue());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (request.maxTokens() != null) {
                g.writeNumberField("max_tokens", request.maxTokens()); // containers know max_tokens, not its successor
            }
            if (request.temperature() != null) {
                g.writeNumberField("temperature", request.temperature());
            }
            if (request.topP() != null) {
                g.writeNumberField("top_p", request.topP());
            }
            if (!request.stop().isEmpty()) {
                g.writeFieldName("stop");
                JsonValues.write(g, request.stop());
            }
            if (request.seed() != null) {
                g.writeNumberField("seed", request.seed());
            }
            if (stream) {
                g.writeBooleanField("stream", true);
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            for (Map.Entry<String, Object> extension : request.extensions().entrySet()) {
                if (!OWNED.contains(extension.getKey())) {
                    g.writeFieldName(extension.getKey());
                    JsonValues.write(g, extension.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] tgiBody(ChatRequest request, boolean stream) {
        if (request.extensions().containsKey("tools")) {
            throw new IllegalArgumentException("tools need an endpoint of format messages");
        }
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : request.messages()) {
            if (message.extensions().get("content") instanceof List<?>) {
                throw new IllegalArgumentException("content parts need an endpoint of format messages");
            }
            prompt.append(message.role()).append(": ").append(message.content() == null ? "" : message.content())
                    .append('\n');
        }
        prompt.append("assistant:");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (request.maxTokens() != null) {
            parameters.put("max_new_tokens", request.maxTokens());
        }
        if (request.temperature() != null && request.temperature() > 0) {
            parameters.put("temperature", request.temperature());
            parameters.put("do_sample", true);
        }
        if (request.topP() != null && request.topP() < 1) {
            parameters.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty()) {
            parameters.put("stop", request.stop());
        }
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        // structured output: TGI's guidance grammar takes the JSON schema itself
        if (request.extensions().get("response_format") instanceof Map<?, ?> format) {
            if ("json_schema".equals(format.get("type")) && format.get("json_schema") instanceof Map<?, ?> jsonSchema
                    && jsonSchema.get("schema") instanceof Map<?, ?> schema) {
                parameters.put("grammar", Map.of("type", "json", "value", schema));
            } else if ("json_object".equals(format.get("type"))) {
                parameters.put("grammar", Map.of("type", "json", "value", Map.of("type", "object")));
            }
        }
        parameters.put("details", true);
        parameters.put("return_full_text", false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputs", prompt.toString());
        body.put("parameters", parameters);
        if (stream) {
            body.put("stream", true);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            JsonValues.write(g, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A complete answer, in the endpoint's format. */
    static ChatResponse toResponse(byte[] body, SageMakerSettings.Format format, String id, String model, long created)
            throws IOException {
        Object answer = read(body);
        if (format == SageMakerSettings.Format.TGI) {
            Object first = answer instanceof List<?> list && !list.isEmpty() ? list.get(0) : answer;
            if (!(first instanceof Map<?, ?> map) || !(map.get("generated_text") instanceof String text)) {
                throw new IOException("no generated_text");
            }
            Map<?, ?> details = map.get("details") instanceof Map<?, ?> d ? d : Map.of();
            long completion = number(details.get("generated_tokens"));
            long prompt = number(details.get("prompt_tokens"));
            return new ChatResponse(id, model, created, List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, text),
                    tgiFinish(details.get("finish_reason")))), completion > 0 ? new Usage(prompt, completion) : null);
        }
        if (!(answer instanceof Map<?, ?> map) || !(map.get("choices") instanceof List<?> choices) || choices.isEmpty()
                || !(choices.get(0) instanceof Map<?, ?> choice) || !(choice.get("message") instanceof Map<?, ?> message)) {
            throw new IOException("no choices[0].message");
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        message.forEach((key, value) -> {
            if (!"role".equals(key) && !"content".equals(key) && value != null) {
                extensions.put(String.valueOf(key), value);
            }
        });
        String content = message.get("content") instanceof String text ? text : null;
        return new ChatResponse(map.get("id") instanceof String answerId ? answerId : id, model, created,
                List.of(new ChatChoice(0, new ChatMessage(ChatMessage.ASSISTANT, content, null, extensions),
                        choice.get("finish_reason") instanceof String finish ? finish : "stop")), usage(map.get("usage")));
    }

    /**
     * The chunks of one streamed event's JSON. Returns whether the event finished the answer (a finish reason, or
     * TGI's last event).
     */
    static boolean toChunks(String data, SageMakerSettings.Format format, String id, String model, Consumer<ChatChunk> out)
            throws IOException {
        Object event = read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!(event instanceof Map<?, ?> map)) {
            throw new IOException("event is not a JSON object");
        }
        if (map.get("error") != null) {
            throw new IllegalStateException(String.valueOf(map.get("error")));
        }
        if (format == SageMakerSettings.Format.TGI) {
            if (map.get("token") instanceof Map<?, ?> token && token.get("text") instanceof String text
                    && !Boolean.TRUE.equals(token.get("special"))) {
                out.accept(ChatChunk.content(id, model, text));
            }
            if (map.get("details") instanceof Map<?, ?> details) {
                out.accept(new ChatChunk(id, model, 0, null, null, tgiFinish(details.get("finish_reason")), null));
                long completion = number(details.get("generated_tokens"));
                if (completion > 0) {
                    out.accept(new ChatChunk(id, model, 0, null, null, null,
                            new Usage(number(details.get("prompt_tokens")), completion)));
                }
                return true;
            }
            return false;
        }
        boolean finished = false;
        if (map.get("choices") instanceof List<?> choices) {
            for (Object element : choices) {
                if (!(element instanceof Map<?, ?> choice)) {
                    continue;
                }
                Map<?, ?> delta = choice.get("delta") instanceof Map<?, ?> d ? d : Map.of();
                String role = delta.get("role") instanceof String r ? r : null;
                String content = delta.get("content") instanceof String c ? c : null;
                String finish = choice.get("finish_reason") instanceof String f ? f : null;
                Map<String, Object> extra = new LinkedHashMap<>();
                delta.forEach((key, value) -> {
                    if (!"role".equals(key) && !"content".equals(key) && value != null) {
                        extra.put(String.valueOf(key), value);
                    }
                });
                if (role != null || content != null || finish != null || !extra.isEmpty()) {
                    out.accept(new ChatChunk(id, model, 0, role, content, finish, null, extra));
                }
                finished |= finish != null;
            }
        }
        Usage usage = usage(map.get("usage"));
        if (usage != null) {
            out.accept(new ChatChunk(id, model, 0, null, null, null, usage));
        }
        return finished;
    }

    private static String tgiFinish(Object reason) {
        return "length".equals(reason) ? "length" : "stop"; // eos_token, stop_sequence
    }

    private static Usage usage(Object usage) {
        if (!(usage instanceof Map<?, ?> map)) {
            return null;
        }
        return new Usage(number(map.get("prompt_tokens")), number(map.get("completion_tokens")));
    }

    private static long number(Object value) {
        return value instanceof Number number ? Math.max(0, number.longValue()) : 0;
    }

    private static Object read(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("empty answer");
            }
            return JsonValues.read(p);
        }
    }
}
