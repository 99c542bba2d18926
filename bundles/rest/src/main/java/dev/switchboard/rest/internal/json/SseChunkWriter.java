package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Server-sent events in OpenAI's streaming format: {@code data: <chat.completion.chunk>\n\n} per chunk,
 * an optional usage chunk with empty choices, then {@code data: [DONE]\n\n}. A chunk's fields beyond the ones we
 * model (top-level {@code system_fingerprint}, {@code service_tier}; the choice's {@code logprobs}; the delta's
 * {@code tool_calls}, {@code refusal}, ...) are written back at their level, unchanged. Every event is flushed to the
 * client as soon as it is written, because a buffered token is a token the user waits for.
 * One generator serves the whole stream; not thread-safe, the caller serialises events.
 */
public final class SseChunkWriter implements ChunkWriter {

    private static final String DATA = "data: ";
    private static final String END_OF_EVENT = "\n\n";

    private final JsonGenerator gen;
    private final String fallbackId;
    private final String fallbackModel;
    private final long created;
    private final boolean includeUsage;
    private final OpenAiErrorWriter errors = new OpenAiErrorWriter();

    /**
     * @param fallbackId    the id used when a chunk carries none (all chunks of a stream share one id)
     * @param fallbackModel the requested model, used when a chunk carries none
     * @param created       the stream's creation time, for chunks that carry no upstream {@code created}
     * @param includeUsage  whether the client asked for {@code stream_options.include_usage}
     */
    public SseChunkWriter(OutputStream out, String fallbackId, String fallbackModel, long created,
                          boolean includeUsage) throws IOException {
        this.gen = Json.generator(out);
        // events are separated by our own "\n\n", not by Jackson's root value separator
        this.gen.setRootValueSeparator(null);
        this.fallbackId = fallbackId;
        this.fallbackModel = fallbackModel;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public void chunk(ChatChunk chunk) throws IOException {
        startChunk(chunk.id(), chunk.model(), chunk.createdEpochSeconds(), chunk.chunkExtensions());
        gen.writeArrayFieldStart("choices");
        gen.writeStartObject();
        gen.writeNumberField("index", chunk.choiceIndex());
        gen.writeObjectFieldStart("delta");
        if (chunk.role() != null) {
            gen.writeStringField("role", chunk.role());
        }
        if (chunk.content() != null) {
            gen.writeStringField("content", chunk.content());
        }
        ChatCompletionWriter.writeExtensions(gen, chunk.extensions(), ChatCompletionWriter.Level.DELTA);
        gen.writeEndObject();
        ChatCompletionWriter.writeExtensions(gen, chunk.choiceExtensions(), ChatCompletionWriter.Level.CHOICE);
        gen.writeStringField("finish_reason", chunk.finishReason());
        gen.writeEndObject();
        gen.writeEndArray();
        if (includeUsage) {
            gen.writeNullField("usage");
        }
        endEvent();
    }

    /** The final chunk OpenAI sends when {@code include_usage} was asked for: no choices, only usage. */
    public void usage(String id, String model, Usage usage) throws IOException {
        usage(id, model, 0, usage, Map.of());
    }

    /**
     * The usage chunk with the upstream usage chunk's {@code created} (0: the stream's) and top-level fields
     * ({@code system_fingerprint}, ...).
     */
    public void usage(String id, String model, long upstreamCreated, Usage usage, Map<String, Object> chunkFields)
            throws IOException {
        startChunk(id, model, upstreamCreated, chunkFields);
        gen.writeArrayFieldStart("choices");
        gen.writeEndArray();
        ChatCompletionWriter.writeUsage(gen, usage == null ? Usage.NONE : usage);
        endEvent();
    }

    @Override
    public void error(GatewayException error) throws IOException {
        gen.writeRaw(DATA);
        errors.writeObject(gen, error);
        gen.writeRaw(END_OF_EVENT);
        gen.flush();
    }

    /** The usage chunk when the client asked for it, then {@code [DONE]}. */
    @Override
    public void end(String id, String model, Usage usage, ChatChunk usageChunk) throws IOException {
        if (includeUsage) {
            if (usageChunk == null) {
                usage(id, model, usage);
            } else {
                usage(id, model, usageChunk.createdEpochSeconds(), usage, usageChunk.chunkExtensions());
            }
        }
        done();
    }

    public void done() throws IOException {
        gen.writeRaw(DATA + "[DONE]" + END_OF_EVENT);
        gen.flush();
    }

    /** Releases the generator's buffers; the response stream stays open for the container to finish. */
    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void startChunk(String id, String model, long upstreamCreated, Map<String, Object> chunkFields)
            throws IOException {
        gen.writeRaw(DATA);
        gen.writeStartObject();
        gen.writeStringField("id", id == null ? fallbackId : id);
        gen.writeStringField("object", "chat.completion.chunk");
        gen.writeNumberField("created", upstreamCreated > 0 ? upstreamCreated : created);
        gen.writeStringField("model", model == null ? fallbackModel : model);
        ChatCompletionWriter.writeExtensions(gen, chunkFields, ChatCompletionWriter.Level.TOP);
    }

    private void endEvent() throws IOException {
        gen.writeEndObject();
        gen.writeRaw(END_OF_EVENT);
        gen.flush();
    }
}
