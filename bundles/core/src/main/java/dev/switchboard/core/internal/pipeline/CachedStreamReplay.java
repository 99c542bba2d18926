package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.core.api.StreamListener;
import java.math.BigDecimal;

/** Plays a cached answer back as a stream, shaped like a provider's: role, content, finish, usage. */
final class CachedStreamReplay {

    private CachedStreamReplay() {
    }

    static void replay(ChatResponse response, boolean includeUsage, long startNanos, StreamListener listener) {
        String finish = response.choices().isEmpty() ? "stop" : response.choices().get(0).finishReason();
        listener.onStart("cache", "cache");
        listener.onChunk(new ChatChunk(response.id(), response.model(), 0, "assistant", "", null, null));
        listener.onChunk(new ChatChunk(response.id(), response.model(), 0, null, response.firstContent(), null, null));
        listener.onChunk(new ChatChunk(response.id(), response.model(), 0, null, null, finish == null ? "stop" : finish, null));
        if (includeUsage) {
            listener.onChunk(new ChatChunk(response.id(), response.model(), 0, null, null, null, response.usage()));
        }
        listener.onComplete(new StreamListener.StreamSummary(response.usage(), BigDecimal.ZERO, System.nanoTime() - startNanos));
    }
}
