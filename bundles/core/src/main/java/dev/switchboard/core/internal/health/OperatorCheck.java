package dev.switchboard.core.internal.health;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.internal.plugins.PluginFailures;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One check of one instance on an operator's demand ({@code switchboard:provider-test}): the provider's own
 * {@link HealthCheckable} check, or, only when allowed, a one-token chat of the instance's first model. Counts
 * toward nothing; reports the latency or the error with the instance's key cut out.
 */
public final class OperatorCheck {

    private OperatorCheck() {
    }

    public static CompletionStage<ProviderCheckReport> run(ProviderInstance instance, boolean chatAllowed,
                                                           long timeoutMillis, LongSupplier nanoClock) {
        String id = instance.id();
        CallContext context = new CallContext("provider-test-" + id, Instant.now().plusMillis(timeoutMillis));
        long start = nanoClock.getAsLong();
        CompletionStage<String> call;
        String method;
        if (instance instanceof HealthCheckable checkable) {
            method = ProviderCheckReport.CHECK;
            call = attempt(() -> checkable.check(context).thenApply(result -> result.detail()));
        } else if (chatAllowed && !instance.models().isEmpty()) {
            method = ProviderCheckReport.CHAT;
            ModelInfo model = instance.models().get(0);
            ChatRequest ping = ChatRequest.builder(model.id(), List.of(ChatMessage.of(ChatMessage.USER, "ping")))
                    .maxTokens(1).build();
            call = attempt(() -> instance.chat(ping, context).thenApply(answer -> "one-token chat with "
                    + model.id() + " answered"));
        } else {
            return CompletableFuture.completedFuture(new ProviderCheckReport(id, ProviderCheckReport.NONE, false, 0,
                    chatAllowed ? "no health check and no model to chat with"
                            : "its provider offers no health check; it cannot be tested without billing tokens"
                            + " (--chat sends a one-token chat)"));
        }
        CompletableFuture<String> bounded = call.toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return bounded.handle((detail, failure) -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
            if (failure == null) {
                return new ProviderCheckReport(id, method, true, millis, detail);
            }
            call.toCompletableFuture().cancel(true);
            return new ProviderCheckReport(id, method, false, millis,
                    PluginFailures.describe(HealthChecks.unwrap(failure), instance.config().apiKey()));
        });
    }

    private static CompletionStage<String> attempt(java.util.function.Supplier<CompletionStage<String>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
