package dev.switchboard.rest.internal.json;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How a streamed chat answer is written to the client: Chat Completions' {@code chat.completion.chunk} events
 * ({@link SseChunkWriter}) or the Responses API's typed events ({@link ResponsesEventWriter}). Each event is
 * written into the exchange's buffer whole; the exchange sends and flushes it. Not thread-safe.
 */
public interface StreamFormat extends Closeable {

    /** Creates the format for one stream, writing into {@code out}. */
    @FunctionalInterface
    interface Factory {
        StreamFormat open(OutputStream out) throws IOException;
    }

    void chunk(ChatChunk chunk) throws IOException;

    /**
     * The stream ended well; {@code usage} is what it used (may be null when unknown), {@code usageChunk} the
     * upstream chunk that reported it (its fields beyond usage go on the usage event), or null.
     */
    void end(String lastId, String lastModel, Usage usage, ChatChunk usageChunk) throws IOException;

    /** The stream failed after its first event. */
    void error(GatewayException error) throws IOException;
}
