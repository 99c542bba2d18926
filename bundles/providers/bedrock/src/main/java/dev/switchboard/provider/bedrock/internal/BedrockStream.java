package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.EventStreamDecoder;
import dev.switchboard.support.aws.EventStreamException;
import dev.switchboard.support.aws.EventStreamMessage;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.ChunkStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.eclipse.jetty.http.HttpFields;

/**
 * One ConverseStream call: binary event-stream messages in, {@link ChatChunk}s out as each message completes.
 * {@code messageStart} gives the role chunk, {@code contentBlockDelta} text (or a piece of a tool call's arguments,
 * as OpenAI's streamed {@code tool_calls}), {@code contentBlockStart} of a tool use the call's id and name,
 * {@code messageStop} the finish reason and {@code metadata} the usage-only chunk. An {@code exception} message
 * ({@code throttlingException}, ...) fails the stream with its error code. The subscription rules are
 * {@link ChunkStream}'s; cancelling aborts the upstream request.
 */
final class BedrockStream implements BodyStreamListener {

    private final ChunkStream out;
    private final EventStreamDecoder decoder;
    private final String model;
    private final String[] secrets;
    private String id;
    private Map<Integer, Integer> toolIndexByBlock;
    private boolean sawStop;

    BedrockStream(Flow.Subscriber<? super ChatChunk> subscriber, String model, String fallbackId, int maxEventBytes,
                  String... secrets) {
        this.out = new ChunkStream(subscriber);
        this.decoder = new EventStreamDecoder(this::onMessage, Math.max(1024, maxEventBytes));
        this.model = model;
        this.id = fallbackId;
        this.secrets = secrets;
    }

    void start(JsonPost post) {
        if (out.open()) {
            out.onCancel(post.streamBody(this, response -> BedrockErrors.fromResponse(response, secrets))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
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
            // thrown, so the support layer aborts the request and reports it through onError
            throw BedrockErrors.fromStreamException(message.exceptionType(), message.payload(), secrets);
        }
        String type = message.eventType();
        if (type == null) {
            return;
        }
        BedrockWire.StreamEvent event;
        try {
            event = BedrockWire.readEvent(message.payload());
        } catch (IOException e) {
            throw malformed("unreadable " + type + " event (" + e.getClass().getSimpleName() + ")");
        }
        switch (type) {
            case "messageStart" -> out.next(new ChatChunk(id, model, 0,
                    event.role() == null ? ChatMessage.ASSISTANT : event.role(), "", null, null));
            case "contentBlockStart" -> {
                if (event.toolUseId() != null) {
                    if (toolIndexByBlock == null) {
                        toolIndexByBlock = new HashMap<>();
                    }
                    int index = toolIndexByBlock.size();
                    toolIndexByBlock.put(event.blockIndex(), index);
                    Map<String, Object> function = Map.of("name", event.toolName() == null ? "" : event.toolName(),
                            "arguments", "");
                    out.next(new ChatChunk(id, model, 0, null, null, null, null, Map.of("tool_calls", List.of(
                            Map.of("index", index, "id", event.toolUseId(), "type", "function", "function", function)))));
                }
            }
            case "contentBlockDelta" -> {
                if (event.text() != null) {
                    out.next(new ChatChunk(id, model, 0, null, event.text(), null, null));
                } else if (event.toolInput() != null) {
                    Integer index = toolIndexByBlock == null ? null : toolIndexByBlock.get(event.blockIndex());
                    out.next(new ChatChunk(id, model, 0, null, null, null, null, Map.of("tool_calls", List.of(
                            Map.of("index", index == null ? 0 : index, "function", Map.of("arguments", event.toolInput()))))));
                }
            }
            case "messageStop" -> {
                sawStop = true;
                out.next(new ChatChunk(id, model, 0, null, null, BedrockMapping.finishReason(event.stopReason()), null));
            }
            case "metadata" -> {
                if (event.usage() != null) {
                    out.next(new ChatChunk(id, model, 0, null, null, null, BedrockMapping.usage(event.usage())));
                }
            }
            default -> {
                // contentBlockStop and event types added later carry nothing we pass on
            }
        }
    }

    @Override
    public void onComplete() {
        try {
            decoder.finish();
        } catch (EventStreamException e) {
            throw malformed(e.getMessage());
        }
        if (sawStop) {
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, BedrockErrors.PROVIDER
                    + ": stream ended before the answer was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }

    private static ProviderException malformed(String detail) {
        return new ProviderException(ErrorCode.INTERNAL, BedrockErrors.PROVIDER + ": " + detail, true, null, 200, null);
    }
}
