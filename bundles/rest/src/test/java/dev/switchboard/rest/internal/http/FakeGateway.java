package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A gateway whose answers each test scripts; it remembers the last caller and request it was given. */
final class FakeGateway implements Gateway {

    volatile Function<ChatRequest, CompletionStage<ChatOutcome>> chat =
            request -> CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
    volatile BiFunction<ChatRequest, StreamListener, StreamHandle> stream = (request, listener) -> {
        throw new IllegalStateException("not scripted");
    };
    volatile List<ModelListing> models = List.of();
    volatile HealthReport health =
            new HealthReport(true, true, List.of(), List.of(), List.of(), List.of(), List.of(), null, 0);

    volatile Caller lastCaller;
    volatile StatsReport stats = new StatsReport(List.of(), 0, 0);
    volatile ChatRequest lastRequest;

    @Override
    public CompletionStage<ChatOutcome> chat(Caller caller, ChatRequest request) {
        lastCaller = caller;
        lastRequest = request;
        return chat.apply(request);
    }

    @Override
    public StreamHandle chatStream(Caller caller, ChatRequest request, StreamListener listener) {
        lastCaller = caller;
        lastRequest = request;
        return stream.apply(request, listener);
    }

    @Override
    public List<ModelListing> models() {
        return models;
    }

    @Override
    public HealthReport health() {
        return health;
    }

    volatile String clearedTenant;
    volatile String clearedModel;

    @Override
    public StatsReport stats() {
        return stats;
    }

    @Override
    public java.util.Map<String, Long> clearCache(String tenant, String model) {
        clearedTenant = tenant;
        clearedModel = model;
        return java.util.Map.of("memory", 2L);
    }
}
