package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request with a single answer (chat, embeddings, images, transcriptions, completions): attempts in the
 * order of its {@link AttemptPlan}, each under the request deadline, failing over or retrying on failures that
 * are not the client's, and booking every failure. What differs per endpoint is how a route is called and how a
 * success is accounted; the attempts, deadline and failover are written once, here.
 *
 * @param <R> what a provider answers
 * @param <O> what the request's caller gets (the answer with where it came from and its cost)
 */
abstract class UnaryCall<R, O> implements DeadlineWatch.Expirable {

    private static final Logger LOG = LoggerFactory.getLogger(UnaryCall.class);

    final Pipeline pipeline;
    final AttemptPlan plan;
    final CompletableFuture<O> outcome = new CompletableFuture<>();
    private final CallContext context;
    private final KeyConcurrency.Permit permit;
    private volatile CompletableFuture<R> inFlight;
    private volatile boolean expired;

    UnaryCall(Pipeline pipeline, List<Route> routes, CallContext context, KeyConcurrency.Permit permit,
              PipelineSettings settings) {
        this.pipeline = pipeline;
        this.context = context;
        this.permit = permit;
        this.plan = new AttemptPlan(routes, settings, pipeline.metrics());
    }

    /** Calls the route's instance with the request for its upstream model id; must not throw for a failed call. */
    abstract CompletionStage<R> send(Route route, CallContext context);

    /** The length of this request's deadline, for the message when it passed (a route may have its own). */
    long timeoutMillis() {
        return pipeline.settings().requestTimeoutMillis();
    }

    /** What the caller gets instead of this final failure (a never-throw route's fallback answer), or null. */
    O fallback(ProviderException failure) {
        return null;
    }

    /** Books the request's final failure ({@code error}, what the caller gets) into the ledger; nothing by default. */
    void failedFinally(Route route, ProviderException failure, GatewayException error) {
    }

    /** Books a success (usage, cost, metrics, quotas, cache) and makes what the caller gets. */
    abstract O succeeded(Route route, R response, long attemptNanos);

    final CompletionStage<O> start() {
        pipeline.deadlines().watch(this);
        attempt();
        return outcome;
    }

    @Override
    public final Instant deadline() {
        return context.deadline();
    }

    /** The deadline passed while a provider was still working: stop waiting for it. */
    @Override
    public final void expire() {
        expired = true;
        CompletableFuture<R> call = inFlight;
        if (call != null) {
            call.cancel(true);
        }
    }

    private void attempt() {
        Route route = plan.next();
        long attemptStart = System.nanoTime();
        route.health().callStarted();
        CompletableFuture<R> call;
        try {
            call = send(route, context).toCompletableFuture();
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
                    fail(route, expired ? ErrorTranslation.deadlinePassed(timeoutMillis())
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
        LOG.warn("Request {} failed inside the gateway", context.requestId(), e);
        pipeline.deadlines().release(this);
        permit.release();
        if (outcome.completeExceptionally(ErrorTranslation.gatewayFault())) {
            pipeline.metrics().requestFailed();
            pipeline.metrics().answeredWithError(500);
        }
    }

    private void succeed(Route route, R response, long attemptStart) {
        pipeline.deadlines().release(this);
        // booked (quotas settled) before the slot and the quotas' holds are given back
        O answered = succeeded(route, response, System.nanoTime() - attemptStart);
        permit.release();
        outcome.complete(answered);
    }

    private void fail(Route route, ProviderException failure) {
        pipeline.accountFailure(route, failure);
        long delay = plan.delayBeforeNextMillis(failure, context.remaining());
        if (delay == AttemptPlan.GIVE_UP || expired) {
            pipeline.deadlines().release(this);
            permit.release();
            pipeline.metrics().requestFailed();
            O fallback = fallback(failure);
            if (fallback != null) {
                outcome.complete(fallback);
            } else {
                GatewayException error = ErrorTranslation.toGateway(route.instanceId(), failure);
                pipeline.metrics().answeredWithError(error.status());
                failedFinally(route, failure, error);
                outcome.completeExceptionally(error);
            }
        } else if (delay == 0) {
            attempt();
        } else {
            pipeline.later(delay, this::retry);
        }
    }
}
