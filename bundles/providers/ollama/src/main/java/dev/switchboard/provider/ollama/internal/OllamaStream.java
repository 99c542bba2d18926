package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.ndjson.NdjsonParser;
import dev.switchboard.support.provider.ChunkStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One streamed chat: Ollama's NDJSON lines in, {@link ChatChunk}s out as each line arrives. The subscription
 * rules are {@link ChunkStream}'s; cancelling aborts the upstream request. The subscriber completes at the line
 * with {@code "done": true}.
 */
final class OllamaStream implements BodyStreamListener {

    private final ChunkStream out;
    private final String model;
    private final String secret;
    private final String id = OllamaMapping.newId();
    private final NdjsonParser parser;
    private final Consumer<ChatChunk> emit;
    private boolean first = true;
    private boolean done;

    OllamaStream(Flow.Subscriber<? super ChatChunk> subscriber, String model, String secret, int maxLineBytes) {
        this.out = new ChunkStream(subscriber);
        this.model = model;
        this.secret = secret;
        this.parser = new NdjsonParser(this::onLine, maxLineBytes);
        this.emit = out::next;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.streamBody(this, response -> OllamaErrors.fromResponse(response, model, secret))::cancel);
        }
    }

    void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onContent(ByteBuffer content) {
        parser.feed(content);
    }

    private void onLine(String json) {
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
        parser.finish();
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
