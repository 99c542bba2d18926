package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.ChunkStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One streamed message: Anthropic's events in, {@link ChatChunk}s out as each event arrives. Events are told
 * apart by the {@code type} inside their data (the {@code event:} line says the same). The subscription rules
 * are {@link ChunkStream}'s; cancelling aborts the upstream request. The subscriber completes at
 * {@code message_stop}; an {@code error} event fails it with the mapped error.
 */
final class AnthropicStream implements SseStreamListener {

    private final ChunkStream out;
    private final String apiKey;
    private final AnthropicMapping.StreamState state = new AnthropicMapping.StreamState();
    private final Consumer<ChatChunk> emit;

    AnthropicStream(Flow.Subscriber<? super ChatChunk> subscriber, String apiKey) {
        this.out = new ChunkStream(subscriber);
        this.apiKey = apiKey;
        this.emit = out::next;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> AnthropicErrors.fromResponse(response, apiKey))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
    void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onEvent(SseEvent event) {
        if (out.isDone()) {
            return;
        }
        AnthropicWire.Event parsed;
        try {
            parsed = AnthropicWire.readEvent(event.data());
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, AnthropicErrors.PROVIDER + ": unreadable stream event ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if ("error".equals(parsed.type())) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw AnthropicErrors.fromStreamError(parsed.error(), apiKey);
        }
        if (state.accept(parsed, emit)) {
            out.complete();
        }
    }

    @Override
    public void onComplete() {
        if (state.finished()) {
            // the answer is whole once its stop reason arrived, even if message_stop did not
            state.accept(new AnthropicWire.Event("message_stop", 0, null, null, null, null, null), emit);
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, AnthropicErrors.PROVIDER
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
