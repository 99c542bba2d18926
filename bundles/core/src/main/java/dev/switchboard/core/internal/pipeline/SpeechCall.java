package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.audio.SpeechCapable;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.AudioListener;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One speech request, streamed: each piece of audio goes to the client as it arrives. Until the first piece a
 * failure fails over like any other call (same {@link AttemptPlan}); after it, an error ends the answer.
 */
final class SpeechCall implements StreamHandle, DeadlineWatch.Expirable {

    private final Pipeline pipeline;
    private final EndpointAdmission admission;
    private final SpeechRequest request;
    private final AudioListener listener;
    private final AttemptPlan plan;
    private volatile Attempt current;
    private volatile boolean cancelled;
    private volatile boolean expired;

    SpeechCall(Pipeline pipeline, EndpointAdmission admission, SpeechRequest request, AudioListener listener) {
        this.pipeline = pipeline;
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
            ((SpeechCapable) route.instance()).speech(request.withModel(route.model().upstreamId()),
                    admission.context(), attempt);
        } catch (RuntimeException e) {
            attempt.onError(e);
        }
    }

    private void finish() {
        pipeline.deadlines().release(this);
        admission.permit().release();
    }

    /** One provider's answer; signals from a superseded attempt are dropped. */
    private final class Attempt implements Flow.Subscriber<ByteBuffer> {

        private final Route route;
        private final long startNanos = System.nanoTime();
        private volatile Flow.Subscription subscription;
        private boolean started;
        private boolean done;
        private boolean ended;

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
        public void onNext(ByteBuffer audio) {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (!started) {
                    started = true;
                    listener.onStart(route.instanceId(), route.providerType());
                }
            }
            listener.onAudio(audio);
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
                listener.onError(answered);
            } else if (delay == 0) {
                attempt();
            } else {
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(SpeechCall.this::attempt);
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
            finish();
            Usage usage = Endpoints.SPEECH.usage(request, null);
            BigDecimal cost = Endpoints.SPEECH.cost(route.model(), request, null, usage);
            pipeline.account(admission.quotaRequest(), admission.quotas(), admission.startNanos(), route, usage, cost,
                    System.nanoTime() - startNanos, -1);
            if (!cancelled) {
                listener.onComplete(cost);
            }
        }
    }
}
