package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.EventStreamDecoder;
import dev.switchboard.support.aws.EventStreamException;
import dev.switchboard.support.aws.EventStreamMessage;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.ChunkStream;
import dev.switchboard.support.sse.SseEvent;
import dev.switchboard.support.sse.SseParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;

/**
 * One InvokeEndpointWithResponseStream call. Two layers: SageMaker wraps whatever the container streams in
 * {@code PayloadPart} event-stream messages, cut anywhere; the container (TGI, vLLM) streams server-sent events.
 * So the bytes go through the event-stream decoder, the payloads through the SSE parser, and each SSE event
 * becomes chunks at once. {@code ModelStreamError} and {@code InternalStreamFailure} fail the stream.
 */
final class SageMakerStream implements BodyStreamListener {

    private static final String DONE = "[DONE]";

    private final ChunkStream out;
    private final EventStreamDecoder decoder;
    private final SseParser sse;
    private final SageMakerSettings.Format format;
    private final String model;
    private final String[] secrets;
    private final Consumer<ChatChunk> emit = this::emit;
    private String id;
    private boolean finished;

    SageMakerStream(Flow.Subscriber<? super ChatChunk> subscriber, SageMakerSettings.Format format, String model,
                    String fallbackId, int maxEventBytes, String... secrets) {
        this.out = new ChunkStream(subscriber);
        this.decoder = new EventStreamDecoder(this::onMessage, Math.max(1024, maxEventBytes));
        this.sse = new SseParser(this::onEvent, Math.max(1024, maxEventBytes));
        this.format = format;
        this.model = model;
        this.id = fallbackId;
        this.secrets = secrets;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.streamBody(this, response -> SageMakerErrors.fromResponse(response, secrets))::cancel);
        }
    }

    void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onOpen(int status, HttpFields headers) {
        String requestId = headers.get("x-amzn-RequestId");
        if (requestId != null && !requestId.isBlank()) {
            id = requestId;
        }
    }

    @Override
    public void onContent(ByteBuffer content) {
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
            throw SageMakerErrors.fromStreamException(message.exceptionType(), message.payloadText(), secrets);
        }
        if ("PayloadPart".equals(message.eventType())) {
            sse.feed(message.payload());
        }
    }

    private void onEvent(SseEvent event) {
        if (out.isDone()) {
            return;
        }
        String data = event.data();
        if (DONE.equals(data)) {
            finished = true;
            out.complete();
            return;
        }
        try {
            finished |= SageMakerMapping.toChunks(data, format, id, model, emit);
        } catch (IOException | RuntimeException e) {
            throw malformed("unreadable stream event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void emit(ChatChunk chunk) {
        out.next(chunk);
    }

    @Override
    public void onComplete() {
        try {
            decoder.finish();
            sse.finish();
        } catch (EventStreamException e) {
            throw malformed(e.getMessage());
        }
        if (finished) {
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, SageMakerErrors.PROVIDER
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }

    private static ProviderException malformed(String detail) {
        return new ProviderException(ErrorCode.INTERNAL, SageMakerErrors.PROVIDER + ": " + detail, true, null, 200, null);
    }
}
