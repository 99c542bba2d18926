package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.support.openai.OpenAiMapping;
import dev.switchboard.support.openai.OpenAiWire;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Bench-only door into the openai provider's mapping (support's shared OpenAI wire format since azure-openai and
 * openai-compatible use it too), so JMH measures the provider's real code, not a copy.
 */
public final class OpenAiMappingProbe {

    private OpenAiMappingProbe() {
    }

    public static byte[] requestBody(ChatRequest request, boolean stream) {
        return OpenAiMapping.requestBody(request, stream);
    }

    public static ChatResponse response(byte[] upstreamJson) throws IOException {
        return OpenAiMapping.toResponse(OpenAiWire.readCompletion(upstreamJson));
    }

    public static void chunks(String upstreamChunkJson, Consumer<ChatChunk> out) throws IOException {
        OpenAiMapping.toChunks(OpenAiWire.readChunk(upstreamChunkJson), out);
    }
}
