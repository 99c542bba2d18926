package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One request whose answer streams beyond chat (speech, a streamed legacy completion, a streamed Responses API
 * answer passed through): each piece goes to the client as it arrives. Until the first piece a failure fails over
 * like any other call (same {@link AttemptPlan}); after it, an error ends the answer. Accounted when it ends, with
 * the usage the last piece reported or an estimate, booked in the usage ledger under the endpoint's name.
 *
 * @param <Q> the endpoint's request
 * @param <P> what the stream carries
 */
final class PieceCall<Q, P> implements StreamHandle, DeadlineWatch.Expirable {

    private final Pipeline pipeline;
    private final StreamedEndpoint<Q, P> endpoint;
    private final EndpointAdmission admission;
    private final Q request;
    private final PieceListener<? super P> listener;
    private final AttemptPlan plan;
    private volatile Attempt current;
    private volatile boolean cancelled;
    private volatile boolean expired;

    PieceCall(Pipeline pipeline, StreamedEndpoint<Q, P> endpoint, EndpointAdmission admission, Q request,
              PieceListener<? super P> listener) {
        this.pipeline = pipeline;
        this.endpoint = endpoint;
        this.admission = admission;
        this.request = request;
        this.listener = listener;
        this.plan = new AttemptPlan(admission.routes(), pipeline.settings(), pipeline.metrics());
    }

    void start() {
        pipeline.deadlines().watch(this);
        attempt();
    }

    @Override
    public Instant deadline() {
        return admission.context().deadline();
    }

    @Override
    public void expire() {
        expired = true;
        Attempt attempt = current;
        if (attempt != null) {
            attempt.abort(ErrorTranslation.deadlinePassed(pipeline.settings().requestTimeoutMillis()));
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Attempt attempt = current;
        if (attempt != null) {
            attempt.cancelUpstream();
            attempt.end();
        }
        finish();
    }

    private void attempt() {
        if (cancelled) {
            return;
        }
        Route route = plan.next();
        Attempt attempt = new Attempt(route);
        current = attempt;
        route.health().callStarted();
        try {
            endpoint.stream(route.instance(), request, route.model().upstreamId(), admission.context(), attempt);
        } catch (RuntimeException e) {
            attempt.onError(e);
        }
    }

    private void finish() {
        pipeline.deadlines().release(this);
        admission.permit().release();
    }

    /** One provider's answer; signals from a superseded attempt are dropped. */
    private final class Attempt implements Flow.Subscriber<P> {

        private final Route route;
        private final long startNanos = System.nanoTime();
        private volatile Flow.Subscription subscription;
        private boolean started;
        private boolean done;
        private boolean ended;
        private Usage reported;
        private long generatedChars;

        Attempt(Route route) {
            this.route = route;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled || expired) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(P piece) {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (!started) {
                    started = true;
                    listener.onStart(route.instanceId(), route.providerType());
                }
                Usage usage = endpoint.reportedUsage(piece);
                if (usage != null) {
                    reported = usage;
                }
                generatedChars += endpoint.generatedChars(piece);
            }
            listener.onPiece(piece);
        }

        @Override
        public void onError(Throwable failure) {
            ProviderException error = expired ? ErrorTranslation.deadlinePassed(pipeline.settings().requestTimeoutMillis())
                    : ErrorTranslation.asProviderException(failure, route.closedByCore());
            fail(error);
        }

        void abort(ProviderException error) {
            cancelUpstream();
            fail(error);
        }

        /** The attempt is over, whatever ended it: the route's busy count is given back once. */
        void end() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            route.health().callEnded();
        }

        void cancelUpstream() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private void fail(ProviderException error) {
            boolean wasStarted;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                wasStarted = started;
            }
            end();
            pipeline.accountFailure(route, error);
            if (cancelled) {
                return;
            }
            long delay = wasStarted ? AttemptPlan.GIVE_UP
                    : plan.delayBeforeNextMillis(error, admission.context().remaining());
            if (delay == AttemptPlan.GIVE_UP || expired) {
                finish();
                pipeline.metrics().requestFailed();
                GatewayException answered = ErrorTranslation.toGateway(route.instanceId(), error);
                pipeline.metrics().answeredWithError(answered.status());
                pipeline.bookFailure(admission.context().requestId(), admission.quotaRequest(), route,
                        endpoint.ledgerName(request), answered, error, admission.startNanos());
                listener.onError(answered);
            } else if (delay == 0) {
                attempt();
            } else {
                pipeline.later(delay, PieceCall.this::attempt);
            }
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                if (!started) {
                    started = true;
                    listener.onStart(route.instanceId(), route.providerType());
                }
            }
            end();
            Usage usage;
            synchronized (this) {
                usage = reported != null && reported.totalTokens() > 0 ? reported
                        : generatedChars == 0 ? endpoint.usage(request, null)
                        : new Usage(endpoint.usage(request, null).promptTokens(), (generatedChars + 3) / 4);
            }
            BigDecimal cost = endpoint.cost(route.model(), request, null, usage);
            // settled before the slot is given back, so a budget sees the actual cost replace its reservation
            pipeline.account(admission.permit(), admission.quotaRequest().tenant(), admission.startNanos(), route,
                    usage, cost, System.nanoTime() - startNanos, -1);
            finish();
            pipeline.book(admission.context().requestId(), admission.quotaRequest(), route,
                    endpoint.ledgerName(request), usage, 0, 0, cost, admission.startNanos());
            if (!cancelled) {
                listener.onComplete(cost);
            }
        }
    }
}
