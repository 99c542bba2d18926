package dev.switchboard.support.openai;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.PieceStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One streamed chat: OpenAI's events in, {@link ChatChunk}s out as each event arrives. The subscription rules
 * (demand, cancel, one terminal signal), {@code data: [DONE]} and the end of the connection are
 * {@link OpenAiEventStream}'s; this class maps one chunk event. The subscriber completes at {@code data: [DONE]},
 * without waiting for the connection to finish, or at its close once a finish reason was seen.
 */
public final class OpenAiStream extends OpenAiEventStream<ChatChunk> {

    private final Consumer<ChatChunk> emit = this::emit;

    public OpenAiStream(Flow.Subscriber<? super ChatChunk> subscriber, String apiKey) {
        this(subscriber, OpenAiErrors.PROVIDER, apiKey);
    }

    /** {@code provider} names the upstream in error messages; {@code apiKey} is cut out of them. */
    public OpenAiStream(Flow.Subscriber<? super ChatChunk> subscriber, String provider, String apiKey) {
        // a PieceStream of chat chunks is what ChunkStream is, without its bridge method per chunk
        super(new PieceStream<>(subscriber), provider, apiKey, "answer");
    }

    public void start(JsonPost post) {
        open(post, apiKey);
    }

    @Override
    public void onEvent(SseEvent event) {
        String data = event.data();
        if (ended(data)) {
            return;
        }
        OpenAiWire.Chunk chunk;
        try {
            chunk = OpenAiWire.readChunk(data);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (chunk.error() != null) {
            throw streamError(chunk.error());
        }
        OpenAiMapping.toChunks(chunk, emit);
    }

    private void emit(ChatChunk chunk) {
        if (chunk.finishReason() != null) {
            finished();
        }
        out.next(chunk);
    }
}
