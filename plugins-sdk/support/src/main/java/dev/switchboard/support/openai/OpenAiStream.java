package dev.switchboard.support.openai;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.ChunkStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One streamed chat: OpenAI's events in, {@link ChatChunk}s out as each event arrives. The subscription rules
 * (demand, cancel, one terminal signal) are {@link ChunkStream}'s; cancelling aborts the upstream request. The
 * subscriber completes at {@code data: [DONE]}, without waiting for the connection to finish.
 */
public final class OpenAiStream implements SseStreamListener {

    private static final String DONE = "[DONE]";

    private final ChunkStream out;
    private final String provider;
    private final String apiKey;
    private final Consumer<ChatChunk> emit = this::emit;
    private boolean sawFinish;

    public OpenAiStream(Flow.Subscriber<? super ChatChunk> subscriber, String apiKey) {
        this(subscriber, OpenAiErrors.PROVIDER, apiKey);
    }

    /** {@code provider} names the upstream in error messages; {@code apiKey} is cut out of them. */
    public OpenAiStream(Flow.Subscriber<? super ChatChunk> subscriber, String provider, String apiKey) {
        this.out = new ChunkStream(subscriber);
        this.provider = provider;
        this.apiKey = apiKey;
    }

    public void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> OpenAiErrors.fromResponse(response, provider, apiKey))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
    public void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onEvent(SseEvent event) {
        if (out.isDone()) {
            return;
        }
        String data = event.data();
        if (DONE.equals(data)) {
            out.complete();
            return;
        }
        OpenAiWire.Chunk chunk;
        try {
            chunk = OpenAiWire.readChunk(data);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, provider + ": unreadable stream chunk ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if (chunk.error() != null) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw OpenAiErrors.fromStreamError(chunk.error(), provider, apiKey);
        }
        OpenAiMapping.toChunks(chunk, emit);
    }

    private void emit(ChatChunk chunk) {
        if (chunk.finishReason() != null) {
            sawFinish = true;
        }
        out.next(chunk);
    }

    @Override
    public void onComplete() {
        if (sawFinish) {
            // some OpenAI-compatible servers end without [DONE]; a finished answer is still whole
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, provider
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
