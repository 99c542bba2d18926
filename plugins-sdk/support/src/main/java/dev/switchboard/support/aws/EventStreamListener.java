package dev.switchboard.support.aws;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.ChunkStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;

/**
 * One streamed AWS answer ({@code application/vnd.amazon.eventstream}) turned into {@link ChatChunk}s: the bytes go
 * through the frame decoder (CRC-checked) as they arrive, each complete event message goes to
 * {@link #onEvent(EventStreamMessage)} at once, an {@code exception} message fails the stream with
 * {@link #exception(EventStreamMessage)}'s error. The subscription rules are {@link ChunkStream}'s ({@link #out});
 * cancelling aborts the upstream request. A subclass maps one service's events and says when the answer was
 * finished; a stream that ends before that fails with a retryable {@code UNAVAILABLE}.
 */
public abstract class EventStreamListener implements BodyStreamListener {

    protected final ChunkStream out;
    private final EventStreamDecoder decoder;
    private final String provider;
    private String id;

    protected EventStreamListener(Flow.Subscriber<? super ChatChunk> subscriber, String provider, String fallbackId,
                                  int maxEventBytes) {
        this.out = new ChunkStream(subscriber);
        this.decoder = new EventStreamDecoder(this::onMessage, Math.max(1024, maxEventBytes));
        this.provider = provider;
        this.id = fallbackId;
    }

    /** Sends the post and streams its answer here; a non-2xx answer fails the stream with {@code errors}'. */
    public final void start(JsonPost post, Function<UpstreamResponse, ProviderException> errors) {
        if (out.open()) {
            out.onCancel(post.streamBody(this, errors)::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
    public final void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    /** The upstream's request id ({@code x-amzn-RequestId}) once the answer opened, the fallback before. */
    protected final String id() {
        return id;
    }

    /** One event message (not an exception) of the stream; throw a {@link ProviderException} to fail it. */
    protected abstract void onEvent(EventStreamMessage message);

    /** The error an {@code exception} (or {@code error}) message stands for. */
    protected abstract ProviderException exception(EventStreamMessage message);

    /** Whether the answer was finished when the upstream ended (a stop event seen). */
    protected abstract boolean finished();

    /** Called when the upstream ended, before {@link #finished()}: flush what a subclass buffers. */
    protected void flush() {
    }

    @Override
    public final void onOpen(int status, HttpFields headers) {
        String requestId = headers.get("x-amzn-RequestId");
        if (requestId != null && !requestId.isBlank()) {
            id = requestId;
        }
    }

    @Override
    public final void onContent(ByteBuffer content) {
        if (out.isDone()) {
            return;
        }
        try {
            decoder.feed(content);
        } catch (EventStreamException e) {
            throw malformed(e.getMessage());
        }
    }

    private void onMessage(EventStreamMessage message) {
        if (out.isDone()) {
            return;
        }
        if (!message.isEvent()) {
            // thrown, so the support layer aborts the request and reports it through onError
            throw exception(message);
        }
        onEvent(message);
    }

    @Override
    public final void onComplete() {
        try {
            decoder.finish();
        } catch (EventStreamException e) {
            throw malformed(e.getMessage());
        }
        flush();
        if (out.isDone()) {
            return;
        }
        if (finished()) {
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, provider
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public final void onError(ProviderException error) {
        out.fail(error);
    }

    /** A stream that does not read as the service documents it: retryable, another route may answer. */
    protected final ProviderException malformed(String detail) {
        return new ProviderException(ErrorCode.INTERNAL, provider + ": " + detail, true, null, 200, null);
    }
}
