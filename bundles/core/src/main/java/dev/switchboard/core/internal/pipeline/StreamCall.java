package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming request. Until the first chunk reaches the client a failure fails over like a
 * non-streaming call; after that the stream is the client's and an error ends it. Upstream is always
 * asked for usage (to account tokens); the usage chunk reaches the client only if it asked too.
 */
final class StreamCall implements StreamHandle, DeadlineWatch.Expirable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCall.class);

    private final Pipeline pipeline;
    private final Admission admission;
    private final StreamListener listener;
    private final AttemptPlan plan;
    private final ChatRequest upstreamBase;
    private volatile boolean cancelled;
    private volatile Attempt currentAttempt;
    private volatile boolean expired;
    /** The listener got its terminal signal (onComplete or onError): nothing more goes to it. */
    private volatile boolean listenerEnded;

    StreamCall(Pipeline pipeline, Admission admission, StreamListener listener) {
        this.pipeline = pipeline;
        this.admission = admission;
        this.listener = listener;
        this.plan = new AttemptPlan(admission.routes(), admission.settings(), pipeline.metrics());
        ChatRequest r = admission.upstreamRequest();
        this.upstreamBase = new ChatRequest(r.model(), r.messages(), r.temperature(), r.topP(), r.maxTokens(), r.stop(),
                r.seed(), true, true, r.user(), r.extensions());
    }

    void start() {
        pipeline.deadlines().watch(this);
        attempt();
    }

    @Override
    public Instant deadline() {
        return admission.context().deadline();
    }

    /** No provider started answering before the deadline: end the stream with a timeout. */
    @Override
    public void expire() {
        expired = true;
        Attempt attempt = currentAttempt;
        if (attempt != null && attempt.expire()) {
            timedOut(attempt.route);
        }
    }

    /** The deadline passed before any chunk reached the client: a 504, or a never-throw route's fallback. */
    private void timedOut(Route route) {
        admission.permit().release();
        listenerEnded = true;
        pipeline.metrics().requestFailed();
        if (FallbackAnswer.configured(admission)) {
            replayFallback();
            return;
        }
        GatewayException error = deadlinePassed(route);
        pipeline.metrics().answeredWithError(error.status());
        listener.onError(error);
    }

    private void replayFallback() {
        CachedStreamReplay.replay(FallbackAnswer.response(admission), StreamListener.FALLBACK, CacheStatus.MISS,
                admission.clientRequest().includeUsage(), admission.startNanos(), listener);
    }

    @Override
    public void cancel() {
        cancelled = true;
        pipeline.deadlines().release(this);
        Attempt attempt = currentAttempt;
        if (attempt != null) {
            attempt.cancelUpstream();
            attempt.accountPartial();
        }
        // after what was generated is booked, so a budget settles to it rather than seeing its hold released first
        admission.permit().release();
    }

    private void attempt() {
        if (cancelled) {
            return;
        }
        Route route = plan.next();
        Attempt attempt = new Attempt(route);
        currentAttempt = attempt;
        if (expired && attempt.expire()) {
            // the deadline was swept while the previous attempt was failing over
            timedOut(route);
            return;
        }
        try {
            route.instance().chatStream(upstreamBase.withModel(route.model().upstreamId()), admission.context(), attempt);
        } catch (RuntimeException e) {
            attempt.onError(e);
        }
    }

    private void failed(Attempt attempt, ProviderException failure) {
        Route route = attempt.route;
        pipeline.accountFailure(route, failure);
        long delay = attempt.started ? AttemptPlan.GIVE_UP
                : plan.delayBeforeNextMillis(failure, admission.context().remaining());
        if (cancelled) {
            return;
        }
        if (delay == AttemptPlan.GIVE_UP) {
            pipeline.deadlines().release(this);
            admission.permit().release();
            listenerEnded = true;
            pipeline.metrics().requestFailed();
            if (!attempt.started && FallbackAnswer.applies(admission, failure)) {
                replayFallback();
                return;
            }
            GatewayException error = attempt.started
                    ? ErrorTranslation.streamCut(route.instanceId(), attempt.chunks, failure)
                    : ErrorTranslation.toGateway(route.instanceId(), failure);
            pipeline.metrics().answeredWithError(error.status());
            pipeline.bookFailure(admission.context().requestId(), admission.quotaRequest(), route, "chat", error,
                    failure, admission.startNanos());
            listener.onError(error);
        } else if (delay == 0) {
            attempt();
        } else {
            pipeline.later(delay, this::retry);
        }
    }

    private void retry() {
        try {
            attempt();
        } catch (RuntimeException e) {
            abort(currentAttempt, e);
        }
    }

    /**
     * Something threw while the stream ran or ended (a bug in core, a listener callback that failed): stop the
     * upstream and end the stream with an error, so the client is not left waiting for its own timeout. Not
     * counted against the provider: the fault is not its.
     */
    private void abort(Attempt attempt, RuntimeException e) {
        LOG.warn("Streaming request {} failed inside the gateway", admission.context().requestId(), e);
        if (attempt != null) {
            attempt.abandon();
        }
        pipeline.deadlines().release(this);
        if (listenerEnded || cancelled) {
            return;
        }
        listenerEnded = true;
        pipeline.metrics().requestFailed();
        pipeline.metrics().answeredWithError(500);
        try {
            listener.onError(ErrorTranslation.gatewayFault());
        } catch (RuntimeException again) {
            LOG.debug("The listener of request {} failed on the error as well", admission.context().requestId(), again);
        }
    }

    private GatewayException deadlinePassed(Route route) {
        return ErrorTranslation.toGateway(route.instanceId(),
                ErrorTranslation.deadlinePassed(admission.timeoutMillis(pipeline.settings())));
    }

    private static boolean hasValue(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            return false;
        }
        for (Object value : fields.values()) {
            if (value != null) {
                return true;
            }
        }
        return false;
    }

    /** The subscriber for one provider call. */
    private final class Attempt implements Flow.Subscriber<ChatChunk> {

        private final Route route;
        private final long attemptStart = System.nanoTime();
        private final StringBuilder content = new StringBuilder();
        private volatile Flow.Subscription subscription;
        private volatile boolean started;
        /** Chunks passed on to the client (under the attempt's lock), so a cut stream can say how far it got. */
        private int chunks;
        private boolean done;
        private Usage usage;
        private String id;
        private String model;
        private String finishReason;
        private boolean cacheable = true;
        /** The first chunk's top-level fields and created, for the answer the cache keeps. */
        private Map<String, Object> answerFields;
        private long created;
        /** Nanoseconds from the call to its first chunk; -1 until then. */
        private long firstChunkNanos = -1;

        Attempt(Route route) {
            this.route = route;
            route.health().callStarted();
        }

        /** Marks the attempt over, once: it no longer counts as in flight to its instance. */
        private void end() {
            if (!done) {
                done = true;
                route.health().callEnded();
            }
        }

        /** The stream's top-level fields as an answer's: without OpenAI's per-event padding ("obfuscation"). */
        private Map<String, Object> answerFieldsOnce() {
            if (answerFields == null || !answerFields.containsKey("obfuscation")) {
                return answerFields;
            }
            Map<String, Object> fields = new LinkedHashMap<>(answerFields);
            fields.remove("obfuscation");
            return fields;
        }

        /** Ends the attempt for {@link #abort}: nothing it receives from now on counts. */
        synchronized void abandon() {
            end();
            cancelUpstream();
        }

        void cancelUpstream() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        /** Ends an attempt that has not started streaming; false when it already started or ended. */
        synchronized boolean expire() {
            if (done || started) {
                return false;
            }
            end();
            cancelUpstream();
            return true;
        }

        /** A client that went away still pays for what was generated until then (estimated). */
        synchronized void accountPartial() {
            if (done || !started) {
                return;
            }
            end();
            Usage used = new Usage(TokenEstimate.ofPrompt(admission.clientRequest()), TokenEstimate.ofText(content));
            pipeline.account(admission, route, used, System.nanoTime() - attemptStart, firstChunkNanos);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public synchronized void onNext(ChatChunk chunk) {
            if (done || cancelled) {
                return;
            }
            try {
                deliver(chunk);
            } catch (RuntimeException e) {
                abort(this, e);
            }
        }

        private void deliver(ChatChunk chunk) {
            if (!started) {
                started = true;
                firstChunkNanos = System.nanoTime() - attemptStart;
                route.health().recordFirstToken(firstChunkNanos);
                route.metrics().recordFirstToken(firstChunkNanos);
                pipeline.deadlines().release(StreamCall.this);
                listener.onStart(route.instanceId(), route.providerType());
            }
            if (answerFields == null) {
                answerFields = chunk.chunkExtensions();
                created = chunk.createdEpochSeconds();
            }
            id = id == null ? chunk.id() : id;
            model = model == null ? chunk.model() : model;
            if (chunk.content() != null) {
                content.append(chunk.content());
            }
            if (chunk.finishReason() != null) {
                finishReason = chunk.finishReason();
            }
            if (cacheable && (chunk.choiceIndex() != 0 || hasValue(chunk.extensions())
                    || hasValue(chunk.choiceExtensions()))) {
                // tool calls, refusals, logprobs or several choices: the cache keeps streamed answers only when
                // they are plain text (a delta's "refusal": null says nothing)
                cacheable = false;
            }
            if (chunk.usage() != null) {
                usage = chunk.usage();
                if (!admission.clientRequest().includeUsage()) {
                    if (chunk.isUsageOnly()) {
                        return;
                    }
                    chunk = chunk.withoutUsage();
                }
            }
            chunks++;
            listener.onChunk(chunk);
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            if (done) {
                return;
            }
            end();
            try {
                failed(this, ErrorTranslation.asProviderException(throwable, route.closedByCore()));
            } catch (RuntimeException e) {
                abort(this, e);
            }
        }

        @Override
        public synchronized void onComplete() {
            if (done) {
                return;
            }
            end();
            if (cancelled) {
                return;
            }
            try {
                complete();
            } catch (RuntimeException e) {
                abort(this, e);
            }
        }

        private void complete() {
            Usage used = usage != null ? usage
                    : new Usage(TokenEstimate.ofPrompt(admission.clientRequest()), TokenEstimate.ofText(content));
            pipeline.deadlines().release(StreamCall.this);
            if (!started) {
                // an empty stream is still an answer; the client gets its start before the end
                started = true;
                listener.onStart(route.instanceId(), route.providerType());
            }
            BigDecimal cost = pipeline.account(admission, route, used, System.nanoTime() - attemptStart, firstChunkNanos);
            // after the booking: quotas settle before their holds would be given back
            admission.permit().release();
            if (finishReason != null && cacheable) {
                pipeline.store(admission, new ChatResponse(id, model,
                        created > 0 ? created : Instant.now().getEpochSecond(),
                        List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, content.toString()), finishReason)),
                        used, answerFieldsOnce()));
            }
            listenerEnded = true;
            listener.onComplete(new StreamListener.StreamSummary(used, cost, System.nanoTime() - admission.startNanos()));
        }
    }
}
