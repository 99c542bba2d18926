package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.rest.internal.json.AnthropicErrorWriter;
import dev.switchboard.rest.internal.json.ChunkWriter;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import dev.switchboard.rest.internal.json.MessageEventWriter;
import dev.switchboard.rest.internal.json.MessageWriter;
import java.io.IOException;
import java.io.OutputStream;

/** Anthropic's Messages API as the answer format of {@code /v1/messages}. */
final class AnthropicFormat implements AnswerFormat {

    static final AnthropicFormat INSTANCE = new AnthropicFormat();

    private final MessageWriter messages = new MessageWriter();
    private final AnthropicErrorWriter errors = new AnthropicErrorWriter();

    private AnthropicFormat() {
    }

    @Override
    public void writeResponse(ChatResponse response, OutputStream out) throws IOException {
        messages.write(response, out);
    }

    @Override
    public ErrorBodyWriter errors() {
        return errors;
    }

    @Override
    public ChunkWriter chunkWriter(OutputStream out, String fallbackId, String model, long created,
                                   boolean includeUsage) throws IOException {
        return new MessageEventWriter(out, fallbackId, model);
    }
}
