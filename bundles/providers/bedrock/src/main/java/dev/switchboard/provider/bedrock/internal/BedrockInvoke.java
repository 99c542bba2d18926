package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * InvokeModel's bodies, per model family, for models an instance sends there instead of Converse ({@code api=invoke}
 * or {@code api.<model id>=invoke}): Claude takes the Messages API body with {@code anthropic_version:
 * bedrock-2023-05-31} and answers a Messages API message; Nova takes the Converse-shaped {@code messages-v1} body and
 * answers Converse's shape. The family comes from the model id (foundation model, inference profile or ARN).
 */
final class BedrockInvoke {

    /** The request/response shape of a model behind InvokeModel. */
    enum Family {
        ANTHROPIC, NOVA;

        /** @throws IllegalArgumentException for a model whose InvokeModel body is not mapped here */
        static Family of(String modelId) {
            if (modelId.contains("anthropic.claude")) {
                return ANTHROPIC;
            }
            if (modelId.contains("amazon.nova")) {
                return NOVA;
            }
            throw new IllegalArgumentException("no InvokeModel body is known for model " + modelId
                    + " (Claude and Nova are); use api=converse for it");
        }
    }

    /** {@code max_tokens} for Claude when neither the request nor the catalog says (the API requires one). */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private BedrockInvoke() {
    }

    static byte[] requestBody(Family family, ChatRequest request, int defaultMaxTokens, Consumer<String> notes) {
        return switch (family) {
            case ANTHROPIC -> AnthropicMapping.bedrockBody(request, defaultMaxTokens, notes);
            case NOVA -> BedrockMapping.requestBody(request, true);
        };
    }

    static ChatResponse toResponse(Family family, byte[] body, String id, String model, long created,
                                   boolean structured) throws IOException {
        return switch (family) {
            case ANTHROPIC -> AnthropicMapping.toResponse(AnthropicWire.readMessage(body), created);
            case NOVA -> BedrockMapping.toResponse(BedrockWire.readConverse(body), id, model, created, structured);
        };
    }
}
