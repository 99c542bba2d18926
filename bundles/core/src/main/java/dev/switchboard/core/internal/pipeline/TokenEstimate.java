package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;

/**
 * A rough token count (about four characters a token, as OpenAI's guidance puts it for English) for
 * quota admission and for providers that report no usage. Never used where the provider reported one.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static long ofPrompt(ChatRequest request) {
        long tokens = 0;
        for (ChatMessage message : request.messages()) {
            tokens += 4 + ofText(message.content());
        }
        return tokens;
    }

    public static long ofText(CharSequence text) {
        return text == null || text.length() == 0 ? 0 : (text.length() + 3) / 4;
    }
}
