package dev.switchboard.support.provider;

import dev.switchboard.api.chat.ChatChunk;
import java.util.concurrent.Flow;

/**
 * The {@link Flow.Subscription} side of a streamed chat, so a provider only maps its events to {@link ChatChunk}s:
 * a {@link PieceStream} of chat chunks, with the same rules and costs.
 */
public final class ChunkStream extends PieceStream<ChatChunk> {

    public ChunkStream(Flow.Subscriber<? super ChatChunk> subscriber) {
        super(subscriber);
    }

    /**
     * Hands one chunk on (at once when there is demand, else after the next {@code request}). Returns
     * {@code false} once the stream has ended or been cancelled, so the producer can stop.
     */
    @Override
    public boolean next(ChatChunk chunk) {
        return super.next(chunk);
    }
}
