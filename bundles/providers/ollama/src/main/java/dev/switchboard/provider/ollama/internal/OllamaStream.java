package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.LineStreamListener;
import dev.switchboard.support.provider.ChunkStream;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One streamed chat: Ollama's NDJSON lines (support's {@code JsonPost.streamLines}: parsed as they arrive, each
 * bounded, the unfinished one counted in the node's buffer budget) in, {@link ChatChunk}s out as each line arrives. The subscription
 * rules are {@link ChunkStream}'s; cancelling aborts the upstream request. The subscriber completes at the line
 * with {@code "done": true}.
 */
final class OllamaStream implements LineStreamListener {

    private final ChunkStream out;
    private final String model;
    private final String secret;
    private final String id = OllamaMapping.newId();
    private final Consumer<ChatChunk> emit;
    private boolean first = true;
    private boolean done;

    OllamaStream(Flow.Subscriber<? super ChatChunk> subscriber, String model, String secret) {
        this.out = new ChunkStream(subscriber);
        this.model = model;
        this.secret = secret;
        this.emit = out::next;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.streamLines(this, response -> OllamaErrors.fromResponse(response, model, secret))::cancel);
        }
    }

    void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onLine(String json) {
        if (out.isDone() || done) {
            return;
        }
        OllamaWire.ChatLine line;
        try {
            line = OllamaWire.readChatLine(json);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, OllamaErrors.PROVIDER + ": unreadable stream line ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        if (line.error() != null) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw OllamaErrors.fromStreamError(line.error(), secret);
        }
        OllamaMapping.toChunks(line, id, first, emit);
        first = false;
        if (line.done()) {
            done = true;
            out.complete();
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, OllamaErrors.PROVIDER
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
