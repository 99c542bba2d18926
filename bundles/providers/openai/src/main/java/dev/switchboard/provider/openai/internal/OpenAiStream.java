package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.http.UpstreamStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streamed chat: OpenAI's events in, {@link ChatChunk}s out to the subscriber as each event arrives.
 * The subscription's {@code cancel} aborts the upstream request. The subscriber completes at
 * {@code data: [DONE]}, without waiting for the connection to finish.
 */
final class OpenAiStream implements Flow.Subscription, SseStreamListener {

    private static final String DONE = "[DONE]";

    private final Flow.Subscriber<? super ChatChunk> subscriber;
    private final String apiKey;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile UpstreamStream upstream;
    private boolean sawFinish;

    OpenAiStream(Flow.Subscriber<? super ChatChunk> subscriber, String apiKey) {
        this.subscriber = subscriber;
        this.apiKey = apiKey;
    }

    void start(JsonPost post) {
        subscriber.onSubscribe(this);
        if (terminated.get()) {
            return;
        }
        upstream = post.stream(this, response -> OpenAiErrors.fromResponse(response, apiKey));
        if (terminated.get()) {
            // cancelled while the call was being started
            upstream.cancel();
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
    void fail(ProviderException error) {
        subscriber.onSubscribe(this);
        onError(error);
    }

    @Override
    public void request(long n) {
        if (n <= 0 && terminated.compareAndSet(false, true)) {
            // Reactive Streams rule 3.9
            cancelUpstream();
            subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
        }
        // demand is otherwise unbounded by contract: the gateway writes each chunk to the client at once
    }

    @Override
    public void cancel() {
        if (terminated.compareAndSet(false, true)) {
            cancelUpstream();
        }
    }

    @Override
    public void onEvent(SseEvent event) {
        if (terminated.get()) {
            return;
        }
        String data = event.data();
        if (DONE.equals(data)) {
            if (terminated.compareAndSet(false, true)) {
                subscriber.onComplete();
            }
            return;
        }
        OpenAiWire.Chunk chunk;
        try {
            chunk = OpenAiWire.readChunk(data);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, OpenAiErrors.PROVIDER + ": unreadable stream chunk ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if (chunk.error() != null) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw OpenAiErrors.fromStreamError(chunk.error(), apiKey);
        }
        OpenAiMapping.toChunks(chunk, this::emit);
    }

    private void emit(ChatChunk chunk) {
        if (chunk.finishReason() != null) {
            sawFinish = true;
        }
        if (!terminated.get()) {
            subscriber.onNext(chunk);
        }
    }

    @Override
    public void onComplete() {
        if (terminated.compareAndSet(false, true)) {
            if (sawFinish) {
                // some OpenAI-compatible servers end without [DONE]; a finished answer is still whole
                subscriber.onComplete();
            } else {
                subscriber.onError(new ProviderException(ErrorCode.UNAVAILABLE, OpenAiErrors.PROVIDER
                        + ": stream ended before the answer was finished", true, null, 200, null));
            }
        }
    }

    @Override
    public void onError(ProviderException error) {
        if (terminated.compareAndSet(false, true)) {
            subscriber.onError(error);
        }
    }

    private void cancelUpstream() {
        UpstreamStream stream = upstream;
        if (stream != null) {
            stream.cancel();
        }
    }
}
