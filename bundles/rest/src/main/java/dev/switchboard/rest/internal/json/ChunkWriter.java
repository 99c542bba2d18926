package dev.switchboard.rest.internal.json;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.Closeable;
import java.io.IOException;

/**
 * A streamed answer in one API's event format. Each method writes whole events and flushes them; not
 * thread-safe, the caller serialises calls.
 */
public interface ChunkWriter extends Closeable {

    void chunk(ChatChunk chunk) throws IOException;

    /**
     * The end of a stream that succeeded; {@code usage} is what the call consumed (may be null), {@code usageChunk}
     * the upstream's own usage chunk when it sent one (its {@code created} and top-level fields), else null.
     */
    void end(String id, String model, Usage usage, ChatChunk usageChunk) throws IOException;

    /** A failure after the stream began. */
    void error(GatewayException error) throws IOException;
}
