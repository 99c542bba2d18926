package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.StreamListener;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A never-throw route's answer when every candidate failed ({@code route.<alias>.fallback.text}): the configured
 * text as an assistant message, marked in the body ({@code "switchboard_fallback": true}) and by the instance
 * {@link StreamListener#FALLBACK} (REST adds {@code x-switchboard-fallback: true}). A failure that is the client's
 * (a bad request, a context too long, a content filter) stays an error: the fallback must not hide it.
 */
final class FallbackAnswer {

    static final String FIELD = "switchboard_fallback";

    private FallbackAnswer() {
    }

    /** Whether this request answers its final failure with its route's fallback text. */
    static boolean applies(Admission admission, ProviderException failure) {
        return configured(admission) && !failure.code().isClientFault();
    }

    /** Whether the request named a never-throw route. */
    static boolean configured(Admission admission) {
        return admission.modelRoute() != null && admission.modelRoute().fallbackText() != null;
    }

    static ChatResponse response(Admission admission) {
        return new ChatResponse("fallback-" + admission.context().requestId(), admission.clientRequest().model(),
                System.currentTimeMillis() / 1000,
                List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, admission.modelRoute().fallbackText()),
                        "stop")),
                Usage.NONE, Map.of(FIELD, Boolean.TRUE));
    }

    static ChatOutcome outcome(Admission admission, int attempts) {
        return new ChatOutcome(response(admission), StreamListener.FALLBACK, StreamListener.FALLBACK, false,
                BigDecimal.ZERO, System.nanoTime() - admission.startNanos(), attempts, CacheStatus.MISS);
    }
}
