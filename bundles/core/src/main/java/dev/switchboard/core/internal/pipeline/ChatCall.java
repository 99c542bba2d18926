package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One non-streaming request's attempts: call, and on a retryable failure fail over or retry. */
final class ChatCall {

    private final Pipeline pipeline;
    private final Admission admission;
    private final AttemptPlan plan;
    private final CompletableFuture<ChatOutcome> outcome = new CompletableFuture<>();

    ChatCall(Pipeline pipeline, Admission admission) {
        this.pipeline = pipeline;
        this.admission = admission;
        this.plan = new AttemptPlan(admission.routes(), pipeline.settings());
    }

    CompletionStage<ChatOutcome> start() {
        attempt();
        return outcome;
    }

    private void attempt() {
        Route route = plan.next();
        ChatRequest upstream = admission.upstreamRequest().withModel(route.model().upstreamId());
        long attemptStart = System.nanoTime();
        CompletableFuture<ChatResponse> call;
        try {
            call = route.instance().chat(upstream, admission.context()).toCompletableFuture()
                    .orTimeout(admission.context().remaining().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((response, failure) -> {
            if (failure == null) {
                succeed(route, response, attemptStart);
            } else {
                fail(route, ErrorTranslation.asProviderException(failure));
            }
        });
    }

    private void succeed(Route route, ChatResponse response, long attemptStart) {
        Usage usage = response.usage().totalTokens() > 0 ? response.usage()
                : new Usage(TokenEstimate.ofPrompt(admission.clientRequest()), TokenEstimate.ofText(response.firstContent()));
        ChatResponse answered = usage == response.usage() ? response
                : new ChatResponse(response.id(), response.model(), response.createdEpochSeconds(), response.choices(), usage);
        BigDecimal cost = pipeline.account(admission, route, usage, System.nanoTime() - attemptStart);
        pipeline.store(admission, answered);
        outcome.complete(new ChatOutcome(answered, route.instanceId(), route.providerType(), false, cost,
                System.nanoTime() - admission.startNanos(), plan.attempts()));
    }

    private void fail(Route route, ProviderException failure) {
        route.metrics().recordError();
        if (!failure.code().isClientFault()) {
            route.health().recordFailure();
        }
        long delay = plan.delayBeforeNextMillis(failure, admission.context().remaining());
        if (delay == AttemptPlan.GIVE_UP) {
            pipeline.metrics().requestFailed();
            outcome.completeExceptionally(ErrorTranslation.toGateway(failure));
        } else if (delay == 0) {
            attempt();
        } else {
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::attempt);
        }
    }
}
