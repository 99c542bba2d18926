package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.EventStreamListener;
import dev.switchboard.support.aws.EventStreamMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * One ConverseStream call: binary event-stream messages in, {@link ChatChunk}s out as each message completes.
 * {@code messageStart} gives the role chunk, {@code contentBlockDelta} text (or a piece of a tool call's arguments,
 * as OpenAI's streamed {@code tool_calls}), {@code contentBlockStart} of a tool use the call's id and name,
 * {@code messageStop} the finish reason and {@code metadata} the usage-only chunk. An {@code exception} message
 * ({@code throttlingException}, ...) fails the stream with its error code. The subscription rules are
 * {@link EventStreamListener}'s; cancelling aborts the upstream request.
 */
class BedrockStream extends EventStreamListener {

    private final String model;
    private final String[] secrets;
    private final boolean structured;
    private Map<Integer, Integer> toolIndexByBlock;
    private int jsonBlock = -1;
    private boolean sawStop;

    BedrockStream(Flow.Subscriber<? super ChatChunk> subscriber, String model, String fallbackId, int maxEventBytes,
                  String... secrets) {
        this(subscriber, model, fallbackId, maxEventBytes, false, secrets);
    }

    /** With {@code structured}, the forced {@value BedrockMapping#JSON_TOOL} call streams as the answer's text. */
    BedrockStream(Flow.Subscriber<? super ChatChunk> subscriber, String model, String fallbackId, int maxEventBytes,
                  boolean structured, String... secrets) {
        super(subscriber, BedrockErrors.PROVIDER, fallbackId, maxEventBytes);
        this.model = model;
        this.secrets = secrets;
        this.structured = structured;
    }

    @Override
    protected ProviderException exception(EventStreamMessage message) {
        return BedrockErrors.fromStreamException(message.exceptionType(), message.payload(), secrets);
    }

    @Override
    protected boolean finished() {
        return sawStop;
    }

    @Override
    protected void onEvent(EventStreamMessage message) {
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
        accept(type, event);
    }

    /** One ConverseStream event (or Nova's InvokeModel event, which is the same unwrapped) as chunks. */
    void accept(String type, BedrockWire.StreamEvent event) {
        String id = id();
        switch (type) {
            case "messageStart" -> out.next(new ChatChunk(id, model, 0,
                    event.role() == null ? ChatMessage.ASSISTANT : event.role(), "", null, null));
            case "contentBlockStart" -> {
                if (structured && BedrockMapping.JSON_TOOL.equals(event.toolName())) {
                    jsonBlock = event.blockIndex();
                } else if (event.toolUseId() != null) {
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
                } else if (event.reasoningText() != null) {
                    out.next(new ChatChunk(id, model, 0, null, null, null, null,
                            Map.of("reasoning_content", event.reasoningText())));
                } else if (event.reasoningSignature() != null) {
                    out.next(new ChatChunk(id, model, 0, null, null, null, null, Map.of("thinking_blocks",
                            List.of(BedrockMapping.thinkingBlock("", event.reasoningSignature())))));
                } else if (event.reasoningRedacted() != null) {
                    out.next(new ChatChunk(id, model, 0, null, null, null, null, Map.of("thinking_blocks",
                            List.of(BedrockMapping.redactedBlock(event.reasoningRedacted())))));
                } else if (event.toolInput() != null && event.blockIndex() == jsonBlock) {
                    out.next(new ChatChunk(id, model, 0, null, event.toolInput(), null, null));
                } else if (event.toolInput() != null) {
                    Integer index = toolIndexByBlock == null ? null : toolIndexByBlock.get(event.blockIndex());
                    out.next(new ChatChunk(id, model, 0, null, null, null, null, Map.of("tool_calls", List.of(
                            Map.of("index", index == null ? 0 : index, "function", Map.of("arguments", event.toolInput()))))));
                }
            }
            case "messageStop" -> {
                sawStop = true;
                String finish = jsonBlock >= 0 && toolIndexByBlock == null && "tool_use".equals(event.stopReason())
                        ? "stop" : BedrockMapping.finishReason(event.stopReason());
                out.next(new ChatChunk(id, model, 0, null, null, finish, null));
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
}
