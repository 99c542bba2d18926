package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One non-streaming request's attempts: call, and on a retryable failure fail over or retry. */
final class ChatCall implements DeadlineWatch.Expirable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

    private final Pipeline pipeline;
    private final Admission admission;
    private final AttemptPlan plan;
    private final CompletableFuture<ChatOutcome> outcome = new CompletableFuture<>();
    private volatile CompletableFuture<ChatResponse> inFlight;
    private volatile boolean expired;

    ChatCall(Pipeline pipeline, Admission admission) {
        this.pipeline = pipeline;
        this.admission = admission;
        this.plan = new AttemptPlan(admission.routes(), pipeline.settings());
    }

    CompletionStage<ChatOutcome> start() {
        pipeline.deadlines().watch(this);
        attempt();
        return outcome;
    }

    @Override
    public Instant deadline() {
        return admission.context().deadline();
    }

    /** The deadline passed while a provider was still working: stop waiting for it. */
    @Override
    public void expire() {
        expired = true;
        CompletableFuture<ChatResponse> call = inFlight;
        if (call != null) {
            call.cancel(true);
        }
    }

    private void attempt() {
        Route route = plan.next();
        ChatRequest upstream = admission.upstreamRequest().withModel(route.model().upstreamId());
        long attemptStart = System.nanoTime();
        route.health().callStarted();
        CompletableFuture<ChatResponse> call;
        try {
            call = route.instance().chat(upstream, admission.context()).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        inFlight = call;
        if (expired) {
            call.cancel(true);
        }
        call.whenComplete((response, failure) -> {
            route.health().callEnded();
            try {
                if (failure == null) {
                    succeed(route, response, attemptStart);
                } else {
                    fail(route, expired ? ErrorTranslation.deadlinePassed(pipeline.settings().requestTimeoutMillis())
                            : ErrorTranslation.asProviderException(failure, route.closedByCore()));
                }
            } catch (RuntimeException e) {
                // thrown here it would vanish into the stage whenComplete returns, and the client would wait
                abort(e);
            }
        });
    }

    private void retry() {
        try {
            attempt();
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    /** Something threw while this request was ending (a bug; a plugin's answer core cannot use): end it. */
    private void abort(RuntimeException e) {
        LOG.warn("Request {} failed inside the gateway", admission.context().requestId(), e);
        pipeline.deadlines().release(this);
        if (outcome.completeExceptionally(ErrorTranslation.gatewayFault())) {
            pipeline.metrics().requestFailed();
        }
    }

    private void succeed(Route route, ChatResponse response, long attemptStart) {
        Usage usage = response.usage().totalTokens() > 0 ? response.usage()
                : new Usage(TokenEstimate.ofPrompt(admission.clientRequest()), TokenEstimate.ofCompletion(response));
        ChatResponse answered = usage == response.usage() ? response : response.withUsage(usage);
        pipeline.deadlines().release(this);
        admission.permit().release();
        BigDecimal cost = pipeline.account(admission, route, usage, System.nanoTime() - attemptStart, -1);
        pipeline.store(admission, answered);
        outcome.complete(new ChatOutcome(answered, route.instanceId(), route.providerType(), false, cost,
                System.nanoTime() - admission.startNanos(), plan.attempts()));
    }

    private void fail(Route route, ProviderException failure) {
        pipeline.accountFailure(route, failure);
        long delay = plan.delayBeforeNextMillis(failure, admission.context().remaining());
        if (delay == AttemptPlan.GIVE_UP || expired) {
            pipeline.deadlines().release(this);
            admission.permit().release();
            pipeline.metrics().requestFailed();
            outcome.completeExceptionally(ErrorTranslation.toGateway(route.instanceId(), failure));
        } else if (delay == 0) {
            attempt();
        } else {
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::retry);
        }
    }
}
