package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.EventStreamListener;
import dev.switchboard.support.aws.EventStreamMessage;
import dev.switchboard.support.sse.SseEvent;
import dev.switchboard.support.sse.SseParser;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One InvokeEndpointWithResponseStream call. Two layers: SageMaker wraps whatever the container streams in
 * {@code PayloadPart} event-stream messages, cut anywhere; the container (TGI, vLLM) streams server-sent events.
 * So the bytes go through the event-stream decoder, the payloads through the SSE parser, and each SSE event
 * becomes chunks at once. {@code ModelStreamError} and {@code InternalStreamFailure} fail the stream.
 */
final class SageMakerStream extends EventStreamListener {

    private static final String DONE = "[DONE]";

    private final SseParser sse;
    private final SageMakerSettings.Format format;
    private final String model;
    private final String[] secrets;
    private final Consumer<ChatChunk> emit = this::emit;
    private boolean finished;

    SageMakerStream(Flow.Subscriber<? super ChatChunk> subscriber, SageMakerSettings.Format format, String model,
                    String fallbackId, int maxEventBytes, String... secrets) {
        super(subscriber, SageMakerErrors.PROVIDER, fallbackId, maxEventBytes);
        this.sse = new SseParser(this::onEvent, Math.max(1024, maxEventBytes));
        this.format = format;
        this.model = model;
        this.secrets = secrets;
    }

    @Override
    protected ProviderException exception(EventStreamMessage message) {
        return SageMakerErrors.fromStreamException(message.exceptionType(), message.payloadText(), secrets);
    }

    @Override
    protected void onEvent(EventStreamMessage message) {
        if ("PayloadPart".equals(message.eventType())) {
            sse.feed(message.payload());
        }
    }

    @Override
    protected void flush() {
        sse.finish();
    }

    @Override
    protected boolean finished() {
        return finished;
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
            finished |= SageMakerMapping.toChunks(data, format, id(), model, emit);
        } catch (IOException | RuntimeException e) {
            throw malformed("unreadable stream event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void emit(ChatChunk chunk) {
        out.next(chunk);
    }
}
