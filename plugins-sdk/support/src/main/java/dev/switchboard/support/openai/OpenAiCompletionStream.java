package dev.switchboard.support.openai;

import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.PieceStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;

/**
 * One streamed legacy completion: OpenAI's {@code text_completion} events in, {@link CompletionChunk}s out as each
 * arrives, complete at {@code data: [DONE]}. The subscription rules are {@link PieceStream}'s; cancelling aborts
 * the upstream request.
 */
public final class OpenAiCompletionStream implements SseStreamListener {

    private static final String DONE = "[DONE]";

    private final PieceStream<CompletionChunk> out;
    private final String provider;
    private final String apiKey;
    private boolean sawFinish;

    public OpenAiCompletionStream(Flow.Subscriber<? super CompletionChunk> subscriber, String provider, String apiKey) {
        this.out = new PieceStream<>(subscriber);
        this.provider = provider;
        this.apiKey = apiKey;
    }

    public void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> OpenAiErrors.fromResponse(response, provider, apiKey))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent. */
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
        CompletionChunk chunk;
        try {
            chunk = OpenAiEndpoints.readCompletionChunk(data);
            if (chunk.id() == null && chunk.choices().isEmpty() && chunk.usage() == null) {
                OpenAiWire.Error error = OpenAiWire.readChunk(data).error();
                if (error != null) {
                    throw OpenAiErrors.fromStreamError(error, provider, apiKey);
                }
            }
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, provider + ": unreadable stream chunk ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if (chunk.choices().isEmpty() && chunk.usage() == null) {
            // Azure's prompt-filter results come first, in a chunk without choices: nothing to hand on
            return;
        }
        for (int i = 0; i < chunk.choices().size(); i++) {
            if (chunk.choices().get(i).finishReason() != null) {
                sawFinish = true;
            }
        }
        out.next(chunk);
    }

    @Override
    public void onComplete() {
        if (sawFinish) {
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, provider
                    + ": stream ended before the completion was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
