package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.rest.internal.json.ChatCompletionWriter;
import dev.switchboard.rest.internal.json.ChunkWriter;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import dev.switchboard.rest.internal.json.OpenAiErrorWriter;
import dev.switchboard.rest.internal.json.SseChunkWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The API an endpoint speaks to its client: how a complete answer, a stream and an error are written. The chat
 * exchanges are the same for every API; only this differs ({@code /v1/chat/completions}: OpenAI's,
 * {@code /v1/messages}: Anthropic's).
 */
interface AnswerFormat {

    AnswerFormat OPENAI = new AnswerFormat() {
        private final ChatCompletionWriter completions = new ChatCompletionWriter();
        private final OpenAiErrorWriter errors = new OpenAiErrorWriter();

        @Override
        public void writeResponse(ChatResponse response, OutputStream out) throws IOException {
            completions.write(response, out);
        }

        @Override
        public ErrorBodyWriter errors() {
            return errors;
        }

        @Override
        public ChunkWriter chunkWriter(OutputStream out, String fallbackId, String model, long created,
                                       boolean includeUsage) throws IOException {
            return new SseChunkWriter(out, fallbackId, model, created, includeUsage);
        }
    };

    void writeResponse(ChatResponse response, OutputStream out) throws IOException;

    ErrorBodyWriter errors();

    /** The writer of one stream; {@code fallbackId} and {@code model} fill in what a chunk does not say. */
    ChunkWriter chunkWriter(OutputStream out, String fallbackId, String model, long created, boolean includeUsage)
            throws IOException;
}
