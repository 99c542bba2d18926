package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.rest.internal.json.ChunkWriter;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import dev.switchboard.rest.internal.json.ResponsesEventWriter;
import dev.switchboard.rest.internal.json.ResponsesJson;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The Responses API as the answer format of {@code /v1/responses}: a {@code response} object, or its typed
 * events. One per request, because the answer echoes the request (instructions, tools, metadata) and carries the
 * response id.
 */
final class ResponsesFormat implements AnswerFormat {

    private final ResponsesJson.Read request;
    private final String responseId;
    private final long created;

    ResponsesFormat(ResponsesJson.Read request, String responseId, long created) {
        this.request = request;
        this.responseId = responseId;
        this.created = created;
    }

    @Override
    public void writeResponse(ChatResponse response, OutputStream out) throws IOException {
        ResponsesJson.write(response, request, responseId, out);
    }

    @Override
    public ErrorBodyWriter errors() {
        return OPENAI.errors();
    }

    @Override
    public ChunkWriter chunkWriter(OutputStream out, String fallbackId, String model, long createdAt,
                                   boolean includeUsage) throws IOException {
        return new ResponsesEventWriter(out, request, responseId, created);
    }
}
