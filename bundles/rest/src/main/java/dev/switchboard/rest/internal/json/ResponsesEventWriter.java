package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed chat answer as the Responses API's server-sent events: {@code response.created},
 * {@code response.in_progress}, then per output item {@code response.output_item.added}, its deltas
 * ({@code response.output_text.delta} in a {@code response.content_part}, or
 * {@code response.function_call_arguments.delta}) and its {@code .done} events, and last
 * {@code response.completed} with the whole response. Every event names its type in {@code event:} and in
 * {@code type}, with a {@code sequence_number}. There is no {@code [DONE]}. Not thread-safe.
 */
public final class ResponsesEventWriter implements ChunkWriter {

    private final JsonGenerator gen;
    private final ResponsesJson.Read request;
    private final String responseId;
    private final long created;
    private int sequence;
    private int nextOutputIndex;
    /** The message item being streamed: its output index, or -1. */
    private int messageIndex = -1;
    private final StringBuilder text = new StringBuilder();
    /** Function calls by chat tool call index. */
    private final Map<Integer, FunctionCall> calls = new TreeMap<>();
    private String finishReason;
    private String model;

    private static final class FunctionCall {
        final int outputIndex;
        final String id;
        String callId;
        String name;
        final StringBuilder arguments = new StringBuilder();

        FunctionCall(int outputIndex, String id) {
            this.outputIndex = outputIndex;
            this.id = id;
        }
    }

    public ResponsesEventWriter(OutputStream out, ResponsesJson.Read request, String responseId, long created)
            throws IOException {
        this.gen = Json.generator(out);
        this.gen.setRootValueSeparator(null);
        this.request = request;
        this.responseId = responseId;
        this.created = created;
        lifecycle("response.created", null, null, null);
        lifecycle("response.in_progress", null, null, null);
    }

    @Override
    public void chunk(ChatChunk chunk) throws IOException {
        if (chunk.model() != null) {
            model = chunk.model();
        }
        if (chunk.choiceIndex() != 0) {
            // the Responses API has one output; further choices (n > 1) are not part of it
            return;
        }
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            if (messageIndex < 0) {
                messageIndex = nextOutputIndex++;
                start("response.output_item.added", messageIndex);
                gen.writeObjectFieldStart("item");
                gen.writeStringField("type", "message");
                gen.writeStringField("id", messageId());
                gen.writeStringField("status", "in_progress");
                gen.writeStringField("role", "assistant");
                gen.writeArrayFieldStart("content");
                gen.writeEndArray();
                gen.writeEndObject();
                end();
                start("response.content_part.added", messageIndex);
                gen.writeStringField("item_id", messageId());
                gen.writeNumberField("content_index", 0);
                writeTextPart("");
                end();
            }
            text.append(chunk.content());
            start("response.output_text.delta", messageIndex);
            gen.writeStringField("item_id", messageId());
            gen.writeNumberField("content_index", 0);
            gen.writeStringField("delta", chunk.content());
            gen.writeArrayFieldStart("logprobs");
            gen.writeEndArray();
            end();
        }
        if (chunk.extensions().get("tool_calls") instanceof List<?> deltas) {
            for (Object delta : deltas) {
                if (delta instanceof Map<?, ?> map) {
                    functionCallDelta(map);
                }
            }
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
    }

    private void functionCallDelta(Map<?, ?> delta) throws IOException {
        int index = delta.get("index") instanceof Number n ? n.intValue() : 0;
        FunctionCall call = calls.get(index);
        Map<?, ?> function = delta.get("function") instanceof Map<?, ?> f ? f : Map.of();
        if (call == null) {
            call = new FunctionCall(nextOutputIndex++, "fc_" + responseId + "_" + index);
            call.callId = delta.get("id") == null ? call.id : String.valueOf(delta.get("id"));
            call.name = function.get("name") == null ? "" : String.valueOf(function.get("name"));
            calls.put(index, call);
            start("response.output_item.added", call.outputIndex);
            gen.writeFieldName("item");
            gen.writeObject(functionItem(call, "in_progress"));
            end();
        }
        Object arguments = function.get("arguments");
        if (arguments != null && !String.valueOf(arguments).isEmpty()) {
            call.arguments.append(arguments);
            start("response.function_call_arguments.delta", call.outputIndex);
            gen.writeStringField("item_id", call.id);
            gen.writeStringField("delta", String.valueOf(arguments));
            end();
        }
    }

    @Override
    public void end(String lastId, String lastModel, Usage usage, ChatChunk usageChunk) throws IOException {
        List<Map<String, Object>> output = new ArrayList<>();
        if (messageIndex >= 0) {
            start("response.output_text.done", messageIndex);
            gen.writeStringField("item_id", messageId());
            gen.writeNumberField("content_index", 0);
            gen.writeStringField("text", text.toString());
            gen.writeArrayFieldStart("logprobs");
            gen.writeEndArray();
            end();
            start("response.content_part.done", messageIndex);
            gen.writeStringField("item_id", messageId());
            gen.writeNumberField("content_index", 0);
            writeTextPart(text.toString());
            end();
            Map<String, Object> item = ResponsesJson.messageItem(messageId(), text.toString());
            start("response.output_item.done", messageIndex);
            gen.writeFieldName("item");
            gen.writeObject(item);
            end();
            output.add(item);
        }
        for (FunctionCall call : calls.values()) {
            start("response.function_call_arguments.done", call.outputIndex);
            gen.writeStringField("item_id", call.id);
            gen.writeStringField("arguments", call.arguments.toString());
            end();
            Map<String, Object> item = functionItem(call, "completed");
            start("response.output_item.done", call.outputIndex);
            gen.writeFieldName("item");
            gen.writeObject(item);
            end();
            output.add(item);
        }
        String type = "length".equals(finishReason) ? "response.incomplete" : "response.completed";
        lifecycle(type, output, finishReason == null ? "stop" : finishReason, usage == null ? Usage.NONE : usage);
    }

    @Override
    public void error(GatewayException error) throws IOException {
        gen.writeRaw("event: error\ndata: ");
        gen.writeStartObject();
        gen.writeStringField("type", "error");
        gen.writeStringField("code", error.code() == null ? error.type() : error.code());
        gen.writeStringField("message", error.getMessage());
        gen.writeStringField("param", error.param());
        gen.writeNumberField("sequence_number", sequence++);
        gen.writeEndObject();
        gen.writeRaw("\n\n");
        gen.flush();
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }

    private Map<String, Object> functionItem(FunctionCall call, String status) {
        Map<String, Object> item = ResponsesJson.functionCallItem(call.id, call.callId, call.name,
                call.arguments.toString());
        item.put("status", status);
        return item;
    }

    private String messageId() {
        return "msg_" + responseId;
    }

    private void writeTextPart(String value) throws IOException {
        gen.writeObjectFieldStart("part");
        gen.writeStringField("type", "output_text");
        gen.writeStringField("text", value);
        gen.writeArrayFieldStart("annotations");
        gen.writeEndArray();
        gen.writeEndObject();
    }

    private void lifecycle(String type, List<Map<String, Object>> output, String finish, Usage usage)
            throws IOException {
        gen.writeRaw("event: " + type + "\ndata: ");
        gen.writeStartObject();
        gen.writeStringField("type", type);
        gen.writeNumberField("sequence_number", sequence++);
        gen.writeFieldName("response");
        ResponsesJson.writeResponse(gen, responseId, created, model, finish, output == null ? List.of() : output,
                usage, request);
        gen.writeEndObject();
        gen.writeRaw("\n\n");
        gen.flush();
    }

    private void start(String type, int outputIndex) throws IOException {
        gen.writeRaw("event: " + type + "\ndata: ");
        gen.writeStartObject();
        gen.writeStringField("type", type);
        gen.writeNumberField("sequence_number", sequence++);
        gen.writeNumberField("output_index", outputIndex);
    }

    private void end() throws IOException {
        gen.writeEndObject();
        gen.writeRaw("\n\n");
        gen.flush();
    }
}
