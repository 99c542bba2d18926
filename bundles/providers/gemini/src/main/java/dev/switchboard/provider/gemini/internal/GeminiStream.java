package dev.switchboard.provider.gemini.internal;

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
 * One streamed chat: Gemini's events ({@code streamGenerateContent?alt=sse}, each a whole
 * {@code GenerateContentResponse}) in, {@link ChatChunk}s out as each event arrives. The subscription rules are
 * {@link ChunkStream}'s; cancelling aborts the upstream request. Gemini has no end marker: the stream ends with
 * the response body, and then the usage chunk (the last event's usage) goes out and the subscriber completes;
 * a body that ends before every candidate finished fails {@code UNAVAILABLE}.
 */
final class GeminiStream implements SseStreamListener {

    private final ChunkStream out;
    private final String apiKey;
    private final GeminiMapping.StreamState state;
    private final Consumer<ChatChunk> emit;

    GeminiStream(Flow.Subscriber<? super ChatChunk> subscriber, String apiKey, String model) {
        this.out = new ChunkStream(subscriber);
        this.apiKey = apiKey;
        this.state = new GeminiMapping.StreamState(model);
        this.emit = out::next;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> GeminiErrors.fromResponse(response, apiKey))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (a request Gemini cannot take). */
    void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onEvent(SseEvent event) {
        if (out.isDone()) {
            return;
        }
        String data = event.data();
        if (data == null || data.isBlank() || "[DONE]".equals(data)) {
            // not Gemini's, but proxies in front of it add them
            return;
        }
        GeminiWire.Response response;
        try {
            response = GeminiWire.readResponse(data);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, GeminiErrors.PROVIDER + ": unreadable stream event ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if (response.error() != null) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw GeminiErrors.fromStreamError(response.error(), apiKey);
        }
        GeminiMapping.toChunks(response, state, emit);
    }

    @Override
    public void onComplete() {
        if (!state.finished()) {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, GeminiErrors.PROVIDER
                    + ": stream ended before the answer was finished", true, null, 200, null));
            return;
        }
        ChatChunk usage = state.usageChunk();
        if (usage != null) {
            out.next(usage);
        }
        out.complete();
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
