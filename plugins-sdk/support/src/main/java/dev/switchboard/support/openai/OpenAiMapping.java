package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pure translation between the API's records and the Chat Completions wire format; no HTTP here.
 * Our records already use OpenAI's field names and semantics, so the mapping is nearly one to one.
 */
public final class OpenAiMapping {

    /**
     * Request fields we always write ourselves (an extension of the same name must not duplicate them), and
     * Anthropic's {@code thinking} (a {@code /v1/messages} client's extended thinking), which OpenAI refuses as an
     * unknown field with a 400: it is dropped, not mapped to {@code reasoning_effort}, because the catalog does not
     * say which models reason and a non-reasoning model refuses that field too. A client that wants reasoning from
     * an OpenAI model sends {@code reasoning_effort} itself (Anthropic-wire providers map it to thinking).
     */
    private static final Set<String> OWNED = Set.of("model", "messages", "stream", "stream_options", "thinking");

    private OpenAiMapping() {
    }

    /**
     * The request body. A stream always asks for the usage chunk ({@code stream_options.include_usage}),
     * whatever the client asked, because the gateway accounts tokens and cost from it; the usage-only chunk
     * is marked as such ({@link ChatChunk#isUsageOnly()}) for core to drop when the client did not ask.
     *
     * @throws IllegalArgumentException when an extension holds something that is not a JSON value
     */
    public static byte[] requestBody(ChatRequest request, boolean stream) {
        return requestBody(request, request.model(), stream);
    }

    /**
     * The request body with {@code model} in place of the request's model: the name the upstream knows the model
     * by (an Azure deployment, a vendor's own id for a model the gateway names differently).
     */
    public static byte[] requestBody(ChatRequest request, String model, boolean stream) {
        return requestBody(request, model, stream, OpenAiDialect.OPENAI);
    }

    /** The request body for a server that speaks {@code dialect}. */
    public static byte[] requestBody(ChatRequest request, String model, boolean stream, OpenAiDialect dialect) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            Set<String> written = new HashSet<>(OWNED);
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                writeMessage(g, message);
            }
            g.writeEndArray();
            if (request.temperature() != null) {
                g.writeNumberField("temperature", request.temperature());
                written.add("temperature");
            }
            if (request.topP() != null) {
                g.writeNumberField("top_p", request.topP());
                written.add("top_p");
            }
            if (request.maxTokens() != null) {
                // OpenAI: max_tokens is deprecated and rejected by reasoning models; max_completion_tokens works for
                // every model. Many compatible servers know only max_tokens (the dialect says which)
                g.writeNumberField(dialect.maxTokensField(), request.maxTokens());
                written.add("max_completion_tokens");
                written.add("max_tokens");
            }
            if (!request.stop().isEmpty()) {
                g.writeArrayFieldStart("stop");
                for (String stop : request.stop()) {
                    g.writeString(stop);
                }
                g.writeEndArray();
                written.add("stop");
            }
            if (request.seed() != null) {
                g.writeNumberField("seed", request.seed());
                written.add("seed");
            }
            if (request.user() != null) {
                g.writeStringField("user", request.user());
                written.add("user");
            }
            if (stream) {
                g.writeBooleanField("stream", true);
                if (dialect.streamUsage()) {
                    g.writeObjectFieldStart("stream_options");
                    g.writeBooleanField("include_usage", true);
                    g.writeEndObject();
                }
            }
            for (Map.Entry<String, Object> extension : request.extensions().entrySet()) {
                if (written.add(extension.getKey())) {
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

    private static void writeMessage(JsonGenerator g, ChatMessage message) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", message.role());
        Map<String, Object> extensions = message.extensions();
        // content parts (text, images, audio) win over the plain text the gateway derived from them
        if (extensions.containsKey("content")) {
            g.writeFieldName("content");
            JsonValues.write(g, extensions.get("content"));
        } else {
            g.writeStringField("content", message.content());
        }
        if (message.name() != null) {
            g.writeStringField("name", message.name());
        }
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            String key = extension.getKey();
            if (!"role".equals(key) && !"content".equals(key) && !("name".equals(key) && message.name() != null)) {
                g.writeFieldName(key);
                JsonValues.write(g, extension.getValue());
            }
        }
        g.writeEndObject();
    }

    public static ChatResponse toResponse(OpenAiWire.Completion completion) {
        List<ChatChoice> choices = new ArrayList<>(completion.choices().size());
        for (OpenAiWire.Choice choice : completion.choices()) {
            OpenAiWire.Message wire = choice.message();
            ChatMessage message = wire == null ? null : new ChatMessage(
                    wire.role() == null || wire.role().isBlank() ? ChatMessage.ASSISTANT : wire.role(),
                    wire.content(), null, wire.extra());
            choices.add(new ChatChoice(choice.index(), message, choice.finishReason(), choice.extra()));
        }
        return new ChatResponse(completion.id(), completion.model(), completion.created(), choices,
                usage(completion.usage()), completion.extra());
    }

    /**
     * The chunks of one wire chunk, in order: one per choice that carries a role, text, finish reason or other
     * delta or choice field (tool_calls, logprobs, ...), then a usage-only chunk when the wire chunk reports usage.
     * Each carries the wire chunk's top-level fields (system_fingerprint, service_tier, ...) and its created.
     */
    public static void toChunks(OpenAiWire.Chunk chunk, Consumer<ChatChunk> out) {
        for (OpenAiWire.Delta delta : chunk.choices()) {
            if (delta.role() != null || delta.content() != null || delta.finishReason() != null
                    || !delta.extra().isEmpty() || hasValue(delta.choiceExtra())) {
                out.accept(new ChatChunk(chunk.id(), chunk.model(), delta.index(), delta.role(), delta.content(),
                        delta.finishReason(), null, delta.extra(), delta.choiceExtra(), chunk.extra(),
                        chunk.created()));
            }
        }
        if (chunk.usage() != null) {
            out.accept(new ChatChunk(chunk.id(), chunk.model(), 0, null, null, null, usage(chunk.usage()), Map.of(),
                    Map.of(), chunk.extra(), chunk.created()));
        }
    }

    /** Whether a choice's fields say anything: {@code "logprobs": null} alone is no reason for a chunk. */
    private static boolean hasValue(Map<String, Object> fields) {
        for (Object value : fields.values()) {
            if (value != null) {
                return true;
            }
        }
        return false;
    }

    private static Usage usage(OpenAiWire.Usage usage) {
        return usage == null ? null : new Usage(usage.promptTokens(), usage.completionTokens(), usage.cached(), 0,
                usage.reasoning(), usage.extra());
    }
}
