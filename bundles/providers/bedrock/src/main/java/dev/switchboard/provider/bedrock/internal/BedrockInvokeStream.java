package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.aws.EventStreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One InvokeModelWithResponseStream call: each event-stream {@code chunk} carries the model's own streamed event as
 * base64 {@code bytes}, decoded and mapped as it arrives. Claude's are the Messages API's SSE events
 * ({@code message_start}, {@code content_block_delta} with text, tool input, thinking and signature, ...; an
 * {@code error} event fails the stream); Nova's are ConverseStream's events wrapped in an object named by their type.
 * Exceptions of the event stream itself ({@code throttlingException}, {@code modelStreamErrorException}, ...) fail it
 * as in ConverseStream.
 */
final class BedrockInvokeStream extends BedrockStream {

    private final BedrockInvoke.Family family;
    private final AnthropicMapping.StreamState claude;
    private final Consumer<ChatChunk> emit = this::emit;
    private final String[] secrets;
    private boolean claudeStopped;

    BedrockInvokeStream(Flow.Subscriber<? super ChatChunk> subscriber, BedrockInvoke.Family family, String model,
                        String fallbackId, int maxEventBytes, boolean structured, String... secrets) {
        super(subscriber, model, fallbackId, maxEventBytes, structured, secrets);
        this.family = family;
        this.claude = family == BedrockInvoke.Family.ANTHROPIC ? new AnthropicMapping.StreamState() : null;
        this.secrets = secrets;
    }

    @Override
    protected void onEvent(EventStreamMessage message) {
        if (!"chunk".equals(message.eventType())) {
            return;
        }
        byte[] bytes;
        try {
            bytes = BedrockWire.readChunkBytes(message.payload());
        } catch (IOException e) {
            throw malformed("unreadable chunk (" + e.getMessage() + ")");
        }
        try {
            if (claude != null) {
                AnthropicWire.Event event = AnthropicWire.readEvent(new String(bytes, StandardCharsets.UTF_8));
                if ("error".equals(event.type())) {
                    AnthropicWire.Error error = event.error();
                    throw BedrockErrors.classify(0, error == null ? null : error.type(),
                            error == null ? null : error.message(), null, null, secrets);
                }
                claudeStopped |= claude.accept(event, emit);
            } else {
                Map.Entry<String, BedrockWire.StreamEvent> event = BedrockWire.readWrappedEvent(bytes);
                if (event != null) {
                    accept(event.getKey(), event.getValue());
                }
            }
        } catch (IOException e) {
            throw malformed("unreadable " + family + " event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void emit(ChatChunk chunk) {
        out.next(chunk);
    }

    @Override
    protected void flush() {
        if (claude != null && !claudeStopped && claude.finished()) {
            // the answer is whole once its stop reason arrived, even if message_stop did not: usage still goes last
            claudeStopped = claude.accept(new AnthropicWire.Event("message_stop", 0, null, null, null, null, null), emit);
        }
    }

    @Override
    protected boolean finished() {
        return claude != null ? claudeStopped : super.finished();
    }
}
