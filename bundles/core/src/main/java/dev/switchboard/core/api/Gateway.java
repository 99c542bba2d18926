package dev.switchboard.core.api;

import dev.switchboard.api.chat.ChatRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The request path: quota, cache, selection, provider call with retries and failover, accounting.
 * Failures arrive as a {@link GatewayException} (completing the stage exceptionally, or through
 * {@link StreamListener#onError}); a quota denial or unknown model is thrown before any work starts.
 */
public interface Gateway {

    CompletionStage<ChatOutcome> chat(Caller caller, ChatRequest request);

    StreamHandle chatStream(Caller caller, ChatRequest request, StreamListener listener);

    List<ModelListing> models();

    HealthReport health();

    StatsReport stats();

    /**
     * Drops cached answers of {@code tenant} and {@code model} (null: all) from every bound cache, cluster-wide
     * for the grid's; returns how many each cache dropped, by cache name. An operator's action.
     */
    default java.util.Map<String, Long> clearCache(String tenant, String model) {
        return java.util.Map.of();
    }
}
