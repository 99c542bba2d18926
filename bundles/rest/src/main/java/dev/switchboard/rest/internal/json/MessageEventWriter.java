package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk stream as Anthropic's server-sent events: {@code message_start}, then per content block
 * {@code content_block_start}, {@code content_block_delta} ({@code text_delta}, {@code input_json_delta},
 * {@code thinking_delta} or {@code signature_delta}) and {@code content_block_stop}, then {@code message_delta} (stop
 * reason and usage) and {@code message_stop}. Reasoning ({@code reasoning_content}, {@code thinking_blocks}), text
 * and each tool call are blocks of their own, numbered in order; a failure after the start is an {@code error} event.
 * Every event is flushed as it is written. Not thread-safe: the caller serialises events.
 */
public final class MessageEventWriter implements ChunkWriter {

    private static final int NO_BLOCK = -1;
    private static final int TEXT = 0;
    private static final int TOOL = 1;
    private static final int THINKING = 2;

    private final JsonGenerator gen;
    private final String fallbackId;
    private final String fallbackModel;
    private final AnthropicErrorWriter errors = new AnthropicErrorWriter();
    /** OpenAI's tool call index → our content block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>(4);

    private boolean started;
    private int openBlock = NO_BLOCK;
    private int openKind;
    private int nextBlock;
    private String finishReason;

    public MessageEventWriter(OutputStream out, String fallbackId, String fallbackModel) throws IOException {
        this.gen = Json.generator(out);
        this.gen.setRootValueSeparator(null);
        this.fallbackId = fallbackId.startsWith("chatcmpl-") ? "msg_" + fallbackId.substring(9) : fallbackId;
        this.fallbackModel = fallbackModel;
    }

    @Override
    public void chunk(ChatChunk chunk) throws IOException {
        if (chunk.choiceIndex() != 0) {
            // Anthropic answers with one message; n > 1 has no place here
            return;
        }
        start(chunk.id(), chunk.model());
        if (chunk.extensions().get("reasoning_content") instanceof String reasoning && !reasoning.isEmpty()) {
            openThinking();
            thinkingDelta("thinking_delta", "thinking", reasoning);
        }
        if (chunk.extensions().get("thinking_blocks") instanceof List<?> blocks) {
            for (Object block : blocks) {
                if (block instanceof Map<?, ?> map) {
                    thinkingBlock(map);
                }
            }
        }
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            if (openBlock == NO_BLOCK || openKind != TEXT) {
                stopBlock();
                openBlock = nextBlock++;
                openKind = TEXT;
                begin("content_block_start");
                gen.writeNumberField("index", openBlock);
                gen.writeObjectFieldStart("content_block");
                gen.writeStringField("type", "text");
                gen.writeStringField("text", "");
                gen.writeEndObject();
                end();
            }
            begin("content_block_delta");
            gen.writeNumberField("index", openBlock);
            gen.writeObjectFieldStart("delta");
            gen.writeStringField("type", "text_delta");
            gen.writeStringField("text", chunk.content());
            gen.writeEndObject();
            end();
        }
        if (chunk.extensions().get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> map) {
                    toolCall(map);
                }
            }
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
            stopBlock();
        }
    }

    /** A thinking block opens when reasoning starts and stays open for its deltas and its signature. */
    private void openThinking() throws IOException {
        if (openBlock != NO_BLOCK && openKind == THINKING) {
            return;
        }
        stopBlock();
        openBlock = nextBlock++;
        openKind = THINKING;
        begin("content_block_start");
        gen.writeNumberField("index", openBlock);
        gen.writeObjectFieldStart("content_block");
        gen.writeStringField("type", "thinking");
        gen.writeStringField("thinking", "");
        gen.writeStringField("signature", "");
        gen.writeEndObject();
        end();
    }

    private void thinkingDelta(String type, String field, String value) throws IOException {
        begin("content_block_delta");
        gen.writeNumberField("index", openBlock);
        gen.writeObjectFieldStart("delta");
        gen.writeStringField("type", type);
        gen.writeStringField(field, value);
        gen.writeEndObject();
        end();
    }

    /** A streamed {@code thinking_blocks} entry: a signature closing the thinking block, or a redacted block. */
    private void thinkingBlock(Map<?, ?> block) throws IOException {
        if ("redacted_thinking".equals(block.get("type"))) {
            stopBlock();
            int index = nextBlock++;
            begin("content_block_start");
            gen.writeNumberField("index", index);
            gen.writeObjectFieldStart("content_block");
            gen.writeStringField("type", "redacted_thinking");
            gen.writeStringField("data", block.get("data") == null ? "" : String.valueOf(block.get("data")));
            gen.writeEndObject();
            end();
            begin("content_block_stop");
            gen.writeNumberField("index", index);
            end();
            return;
        }
        openThinking();
        if (block.get("thinking") instanceof String thinking && !thinking.isEmpty()) {
            thinkingDelta("thinking_delta", "thinking", thinking);
        }
        if (block.get("signature") instanceof String signature && !signature.isEmpty()) {
            thinkingDelta("signature_delta", "signature", signature);
        }
    }

    private void toolCall(Map<?, ?> call) throws IOException {
        int index = call.get("index") instanceof Number number ? number.intValue() : 0;
        Map<?, ?> function = call.get("function") instanceof Map<?, ?> map ? map : Map.of();
        Integer block = toolBlocks.get(index);
        if (block == null) {
            stopBlock();
            block = nextBlock++;
            toolBlocks.put(index, block);
            openBlock = block;
            openKind = TOOL;
            begin("content_block_start");
            gen.writeNumberField("index", block);
            gen.writeObjectFieldStart("content_block");
            gen.writeStringField("type", "tool_use");
            gen.writeStringField("id", call.get("id") == null ? "toolu_" + fallbackId + "_" + index
                    : String.valueOf(call.get("id")));
            gen.writeStringField("name", function.get("name") == null ? "" : String.valueOf(function.get("name")));
            gen.writeObjectFieldStart("input");
            gen.writeEndObject();
            gen.writeEndObject();
            end();
        }
        if (function.get("arguments") instanceof String arguments && !arguments.isEmpty()) {
            begin("content_block_delta");
            gen.writeNumberField("index", block);
            gen.writeObjectFieldStart("delta");
            gen.writeStringField("type", "input_json_delta");
            gen.writeStringField("partial_json", arguments);
            gen.writeEndObject();
            end();
        }
    }

    @Override
    public void end(String id, String model, Usage usage, ChatChunk usageChunk) throws IOException {
        start(id, model);
        stopBlock();
        Usage counted = usage == null ? Usage.NONE : usage;
        begin("message_delta");
        gen.writeObjectFieldStart("delta");
        gen.writeStringField("stop_reason", MessageWriter.stopReason(finishReason));
        gen.writeNullField("stop_sequence");
        gen.writeEndObject();
        // input tokens too: they are known only now, message_start said 0
        gen.writeObjectFieldStart("usage");
        MessageWriter.usageFields(gen, counted);
        gen.writeEndObject();
        end();
        begin("message_stop");
        end();
    }

    @Override
    public void error(GatewayException error) throws IOException {
        gen.writeRaw("event: error\ndata: ");
        errors.writeObject(gen, error);
        gen.writeRaw("\n\n");
        gen.flush();
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void start(String id, String model) throws IOException {
        if (started) {
            return;
        }
        started = true;
        begin("message_start");
        gen.writeObjectFieldStart("message");
        gen.writeStringField("id", id == null ? fallbackId : id);
        gen.writeStringField("type", "message");
        gen.writeStringField("role", "assistant");
        gen.writeStringField("model", model == null ? fallbackModel : model);
        gen.writeArrayFieldStart("content");
        gen.writeEndArray();
        gen.writeNullField("stop_reason");
        gen.writeNullField("stop_sequence");
        gen.writeObjectFieldStart("usage");
        gen.writeNumberField("input_tokens", 0);
        gen.writeNumberField("output_tokens", 0);
        gen.writeEndObject();
        gen.writeEndObject();
        end();
    }

    private void stopBlock() throws IOException {
        if (openBlock == NO_BLOCK) {
            return;
        }
        begin("content_block_stop");
        gen.writeNumberField("index", openBlock);
        end();
        openBlock = NO_BLOCK;
    }

    private void begin(String type) throws IOException {
        gen.writeRaw("event: " + type + "\ndata: ");
        gen.writeStartObject();
        gen.writeStringField("type", type);
    }

    private void end() throws IOException {
        gen.writeEndObject();
        gen.writeRaw("\n\n");
        gen.flush();
    }
}
