package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.core.api.AudioListener;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.api.RequestIds;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.internal.cache.CachePolicy;
import dev.switchboard.core.internal.cache.CacheSettings;
import dev.switchboard.core.internal.events.EventRelay;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.FieldPolicy;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.core.internal.routing.RoutingTable;
import dev.switchboard.store.UsageLedger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of DESIGN.md: route -> quota -> cache -> selection -> provider call with failover
 * -> accounting -> cache store. Plugins are read through suppliers that return immutable snapshots, so
 * this class has no OSGi in it and a request never sees a half-updated set of plugins.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Supplier<RoutingTable> routing;
    private final Supplier<List<ResponseCache>> caches;
    private final Supplier<List<QuotaStrategy>> quotas;
    private final Supplier<List<SelectionStrategy>> selections;
    private final GatewayMetrics metrics;
    private final DeadlineWatch deadlines = new DeadlineWatch();
    private final KeyConcurrency concurrency = new KeyConcurrency();
    private volatile PipelineSettings settings;
    /** model id -> strategy name, over {@code settings.selectionStrategy()} (selection.strategy.<model>). */
    private volatile Map<String, String> strategyByModel = Map.of();
    private final LedgerBooking ledger = new LedgerBooking();
    private volatile CacheSettings cacheSettings = CacheSettings.DEFAULTS;
    /** Denials are published here (quota.exceeded / rate-limit.exceeded); one call, on the deny path only. */
    private final EventRelay events = new EventRelay();
    /** One instance for every request: a denial counted, then published. */
    private final QuotaCheck.Denials denials = this::quotaDenied;
    /** false only in the start-up warm-up's pipeline: its calls leave no mark on the routes' metrics or health */
    private final boolean accounted;

    public Pipeline(Supplier<RoutingTable> routing, Supplier<List<ResponseCache>> caches,
                    Supplier<List<QuotaStrategy>> quotas, Supplier<List<SelectionStrategy>> selections,
                    GatewayMetrics metrics, PipelineSettings settings) {
        this(routing, caches, quotas, selections, metrics, settings, true);
    }

    private Pipeline(Supplier<RoutingTable> routing, Supplier<List<ResponseCache>> caches,
                     Supplier<List<QuotaStrategy>> quotas, Supplier<List<SelectionStrategy>> selections,
                     GatewayMetrics metrics, PipelineSettings settings, boolean accounted) {
        this.accounted = accounted;
        this.routing = routing;
        this.caches = caches;
        this.quotas = quotas;
        this.selections = selections;
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * The pipeline of the start-up warm-up ({@code Caller.warmUp()}): the same code on the mock provider's routes
     * ({@code routing}), so the JIT compiles what clients will run, but with no quotas, no ledger (none is ever
     * bound), no events, metrics in a registry nobody exposes, and nothing recorded on the routes (their latency,
     * health and per-tenant counters). Core sends a warm-up caller here instead of to the gateway's pipeline.
     */
    public static Pipeline warmUp(Supplier<RoutingTable> routing, Supplier<List<SelectionStrategy>> selections,
                                  PipelineSettings settings) {
        return new Pipeline(routing, List::of, List::of, selections,
                new GatewayMetrics(new com.codahale.metrics.MetricRegistry()), settings, false);
    }

    public void configure(PipelineSettings newSettings) {
        this.settings = newSettings;
    }

    /** Strategy names per model id; models not named use {@link PipelineSettings#selectionStrategy()}. */
    public void configureStrategies(Map<String, String> byModel) {
        this.strategyByModel = Map.copyOf(byModel);
    }

    /** The store's usage ledger arrived (or left: {@link #ledgerGone}); accounting books into it from now on. */
    public void ledger(UsageLedger bound) {
        ledger.bind(bound);
    }

    public void ledgerGone(UsageLedger gone) {
        ledger.unbind(gone);
    }

    public void configureCache(CacheSettings newSettings) {
        this.cacheSettings = newSettings;
    }

    PipelineSettings settings() {
        return settings;
    }

    private void quotaDenied(QuotaStrategy quota, QuotaRequest quotaRequest, QuotaDecision decision) {
        metrics.quotaDenied();
        events.denied(quota, quotaRequest, decision);
    }

    /** Where this pipeline publishes its denials; core binds the GatewayEvents service to it. */
    public EventRelay events() {
        return events;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    /**
     * Where a retry waits out its back-off: core's own scheduler thread (GatewayService's sweeper), never the JDK's
     * common pool, which on a 2-core machine (parallelism 1) starts a new thread per task. Null until core sets it
     * (unit tests): then the JDK's delayer thread starts the retry itself, which only begins an async call.
     */
    private volatile ScheduledExecutorService retryScheduler;

    /** Core's scheduler for back-off waits between attempts (see {@link #later}). */
    public void scheduleRetriesOn(ScheduledExecutorService scheduler) {
        this.retryScheduler = scheduler;
    }

    /** Runs {@code attempt} after {@code delayMillis}, on core's scheduler; never on the common pool. */
    void later(long delayMillis, Runnable attempt) {
        ScheduledExecutorService scheduler = retryScheduler;
        if (scheduler != null) {
            try {
                scheduler.schedule(attempt, delayMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException stopping) {
                // core is stopping: the attempt still runs (and fails fast on a closed instance) rather than hang
            }
        }
        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, Runnable::run).execute(attempt);
    }

    /** Calls waiting for a provider; core sweeps it a few times a second. */
    public DeadlineWatch deadlines() {
        return deadlines;
    }

    public CompletionStage<ChatOutcome> chat(Caller caller, ChatRequest request) {
        return chat(caller, null, request);
    }

    /** A chat request booked under {@code requestId} (null: a new one, see {@link #requestId}). */
    public CompletionStage<ChatOutcome> chat(Caller caller, String requestId, ChatRequest request) {
        Admission admission = counted(caller, requestId, request);
        if (admission.quotaWait() != null) {
            // an exact limit or budget is asking the grid: go on when it answered, on the thread it answers on
            return admission.quotaWait().whenComplete(this::countDenial).thenCompose(admitted -> proceed(admission));
        }
        return proceed(admission);
    }

    private CompletionStage<ChatOutcome> proceed(Admission admission) {
        try {
            CompletableFuture<CacheHit> lookup = lookupCache(admission);
            if (lookup.isDone()) {
                return answer(admission, lookup.join());
            }
            // a level still answering (the semantic one): go on where it completes, no thread parked meanwhile;
            // a lookup that failed is a miss (as for a stream), so the call still runs and gives its permit back
            return lookup.exceptionally(failure -> null).thenCompose(hit -> {
                try {
                    return answer(admission, hit);
                } catch (RuntimeException | Error e) {
                    admission.permit().release();
                    return CompletableFuture.failedFuture(e);
                }
            });
        } catch (RuntimeException | Error e) {
            admission.permit().release();
            throw e;
        }
    }

    /** The cached answer, or the provider call on a miss ({@code hit} null). */
    private CompletionStage<ChatOutcome> answer(Admission admission, CacheHit cached) {
        if (cached != null) {
            admission.permit().release();
            return CompletableFuture.completedFuture(new ChatOutcome(cached.response(), StreamListener.CACHE,
                    StreamListener.CACHE, true, BigDecimal.ZERO, System.nanoTime() - admission.startNanos(), 0,
                    cached.status()));
        }
        return new ChatCall(this, admission).start();
    }

    public StreamHandle chatStream(Caller caller, ChatRequest request, StreamListener listener) {
        return chatStream(caller, null, request, listener);
    }

    /** A streamed chat request booked under {@code requestId} (null: a new one, see {@link #requestId}). */
    public StreamHandle chatStream(Caller caller, String requestId, ChatRequest request, StreamListener listener) {
        Admission admission = counted(caller, requestId, request);
        if (admission.quotaWait() != null) {
            DeferredStream deferred = new DeferredStream(admission.permit());
            admission.quotaWait().whenComplete((admitted, failure) -> {
                if (failure != null) {
                    countDenial(null, failure);
                    listener.onError(QuotaCheck.asGatewayException(failure));
                } else {
                    deferred.begin(() -> proceedStream(admission, request, listener), listener::onError);
                }
            });
            return deferred;
        }
        return proceedStream(admission, request, listener);
    }

    private StreamHandle proceedStream(Admission admission, ChatRequest request, StreamListener listener) {
        try {
            CompletableFuture<CacheHit> lookup = lookupCache(admission);
            if (lookup.isDone()) {
                return stream(admission, lookup.join(), listener);
            }
            DeferredStream deferred = new DeferredStream(admission.permit());
            lookup.whenComplete((hit, failure) -> deferred.begin(() -> stream(admission, hit, listener), listener::onError));
            return deferred;
        } catch (RuntimeException | Error e) {
            admission.permit().release();
            throw e;
        }
    }

    /** {@link #admit(Caller, String, ChatRequest)}, a refusal counted by its status ({@code switchboard.errors}). */
    private Admission counted(Caller caller, String requestId, ChatRequest request) {
        try {
            return admit(caller, requestId, request);
        } catch (GatewayException e) {
            metrics.answeredWithError(e.status());
            throw e;
        }
    }

    /** A quota that denied after asking the grid, counted like a refusal at admission. */
    private void countDenial(Object admitted, Throwable failure) {
        if (failure != null) {
            metrics.answeredWithError(QuotaCheck.asGatewayException(failure).status());
        }
    }

    private <Q> EndpointAdmission counted(Caller caller, String requestId, Endpoint<Q, ?> endpoint, Q request) {
        try {
            return admit(caller, requestId, endpoint, request);
        } catch (GatewayException e) {
            metrics.answeredWithError(e.status());
            throw e;
        }
    }

    /** Replays the cached answer as a stream, or starts the provider's stream on a miss ({@code cached} null). */
    private StreamHandle stream(Admission admission, CacheHit cached, StreamListener listener) {
        if (cached != null) {
            try {
                CachedStreamReplay.replay(cached.response(), cached.status(),
                        admission.clientRequest().includeUsage(), admission.startNanos(), listener);
            } finally {
                admission.permit().release();
            }
            return () -> { };
        }
        StreamCall call = new StreamCall(this, admission, listener);
        call.start();
        return call;
    }

    /** Requests of this key in flight on this node (what the per-key cap counts). */
    int inFlight(String keyId) {
        return concurrency.inFlight(keyId);
    }

    /**
     * Resolves the model, takes the key's concurrency slot, checks every quota and snapshots the plugins;
     * throws when the request cannot proceed (with the slot given back).
     */
    private Admission admit(Caller caller, String requestId, ChatRequest request) {
        long start = System.nanoTime();
        allowed(caller, request.model());
        RoutingTable table = routing.get();
        List<Route> routes = request.stream() ? table.streamingRoutes(request.model()) : table.routes(request.model());
        RoutingTable.Alias alias = null;
        if (routes.isEmpty()) {
            // not a model: maybe an alias (route.<alias>), whose candidates the table built beforehand
            alias = table.alias(request.model());
            if (alias != null) {
                routes = request.stream() ? alias.streamingRoutes() : alias.routes();
            }
            if (routes.isEmpty()) {
                List<Route> any = alias != null ? alias.routes() : table.routes(request.model());
                if (request.stream() && !any.isEmpty()) {
                    throw GatewayException.invalidRequest("stream", "model '" + request.model() + "' cannot stream");
                }
                throw GatewayException.modelNotFound(request.model());
            }
        }
        caller = Pinning.withFields(caller, request);
        if (caller.pins()) {
            routes = Pinning.routes(caller, request.model(), routes);
        }
        routes = permitted(request, routes);
        long promptTokens = TokenEstimate.ofPrompt(request);
        ModelFit.check(request, promptTokens, routes);
        PipelineSettings current = settings;
        KeyConcurrency.Permit permit = acquire(caller, request.model(), current);
        try {
            return admit(caller, requestId(requestId), request, promptTokens, routes, current, permit, start,
                    alias == null ? null : alias.route());
        } catch (RuntimeException | Error e) {
            permit.release();
            throw e;
        }
    }

    /** The header that pins a request to one instance (keys that may pin: {@link Caller#mayPin()}). */
    public static final String PIN_HEADER = Pinning.INSTANCE_HEADER;

    /** A 403 when the key is limited to other models and routes than {@code model}. */
    static void allowed(Caller caller, String model) {
        if (!caller.mayUse(model)) {
            throw new GatewayException(403, "permission_error", "model_not_allowed", "model",
                    "This API key may not use the model '" + model + "'.", null);
        }
    }

    /** The request context as quotas and the ledger see it: the key's, and the request's end user if it has none. */
    static QuotaRequest quotaRequest(Caller caller, String model, long estimatedTokens, String requestUser) {
        return quotaRequest(caller, model, estimatedTokens, requestUser, null, List.of(), BigDecimal.ZERO);
    }

    /**
     * What the quotas judge: the caller and its context, the model, the size, the provider tried first and the
     * dearest cost the request may reach.
     */
    static QuotaRequest quotaRequest(Caller caller, String model, long estimatedTokens, String requestUser,
                                     String requestId, List<Route> routes, BigDecimal maxCost) {
        String user = caller.user() != null ? caller.user()
                : requestUser == null || requestUser.isEmpty() ? null
                : requestUser.length() > 256 ? requestUser.substring(0, 256) : requestUser;
        return new QuotaRequest(caller.keyId(), caller.tenant(), model, estimatedTokens, requestId, caller.project(),
                user, caller.session(), routes.isEmpty() ? null : routes.get(0).providerType(), maxCost,
                caller.tags());
    }

    private Admission admit(Caller caller, String requestId, ChatRequest request, long promptTokens,
                            List<Route> routes, PipelineSettings current, KeyConcurrency.Permit permit, long start,
                            ModelRoute alias) {
        ModelRoute.Caching caching = alias == null ? ModelRoute.Caching.ON : alias.caching();
        CachePolicy.Decision cache = caching == ModelRoute.Caching.OFF ? null
                : CachePolicy.decide(request, caller, cacheSettings);
        List<QuotaStrategy> admittedBy = quotas.get();
        long estimated = TokenEstimate.ofRequest(request, promptTokens);
        QuotaRequest quotaRequest = quotaRequest(caller, request.model(), estimated, request.user(), requestId, routes,
                admittedBy.isEmpty() ? BigDecimal.ZERO : MaxCost.ofChat(request, promptTokens, routes));
        KeyConcurrency.Permit held = hold(permit, quotaRequest, admittedBy);
        CompletableFuture<Void> quotaWait;
        try {
            quotaWait = QuotaCheck.check(admittedBy, quotaRequest, denials);
        } catch (RuntimeException | Error e) {
            held.release();
            throw e;
        }
        long timeout = alias != null && alias.timeoutMillis() > 0 ? alias.timeoutMillis() : current.requestTimeoutMillis();
        CallContext context = new CallContext(requestId, Instant.now().plusMillis(timeout));
        List<Route> ordered = alias == null ? order(request, routes) : orderAlias(request, alias, routes);
        // a route's own retry policy: settings of its own (an allocation only for such routes)
        PipelineSettings attempts = alias != null && alias.hasRetryPolicy()
                ? current.withRetryPolicy(alias.maxAttempts(), alias.retryBackoffMillis()) : current;
        return new Admission(request, CachePolicy.forUpstream(request), ordered, quotaRequest,
                admittedBy, cache, levels(cache, caching), context, start, held, alias,
                releasingOnDenial(quotaWait, held), attempts);
    }

    /** The cache levels a request uses: none when it is not cached, no semantic one for an {@code exact} route. */
    private List<ResponseCache> levels(CachePolicy.Decision cache, ModelRoute.Caching caching) {
        if (cache == null) {
            return List.of();
        }
        List<ResponseCache> all = caches.get();
        if (caching != ModelRoute.Caching.EXACT) {
            return all;
        }
        List<ResponseCache> exact = new ArrayList<>(all.size());
        for (ResponseCache level : all) {
            if (level.level() != CacheLevel.SEMANTIC) {
                exact.add(level);
            }
        }
        return exact;
    }

    /** The key's slot, wrapped so the request's end also ends what the quotas hold (none bound: the slot alone). */
    private static KeyConcurrency.Permit hold(KeyConcurrency.Permit slot, QuotaRequest request,
                                             List<QuotaStrategy> admittedBy) {
        return admittedBy.isEmpty() ? slot : new QuotaHold(slot, request, admittedBy);
    }

    /** A wait that fails (a denial) gives the slot and every other strategy's hold back before the caller hears. */
    private static CompletableFuture<Void> releasingOnDenial(CompletableFuture<Void> wait, KeyConcurrency.Permit held) {
        if (wait == null) {
            return null;
        }
        return wait.whenComplete((admitted, failure) -> {
            if (failure != null) {
                held.release();
            }
        });
    }

    /** The key's concurrency slot, or a 429 past {@code max.concurrent.per.key}. */
    private KeyConcurrency.Permit acquire(Caller caller, String model, PipelineSettings current) {
        KeyConcurrency.Permit permit = concurrency.tryAcquire(caller.keyId(), current.maxConcurrentPerKey());
        if (permit == null) {
            metrics.quotaDenied();
            events.concurrencyDenied(caller.tenant(), caller.keyId(), model, current.maxConcurrentPerKey());
            throw new GatewayException(429, "rate_limit_error", "concurrency_limit_exceeded", null,
                    "Too many concurrent requests for this API key (limit " + current.maxConcurrentPerKey()
                            + "). Retry when one of them has finished.", Duration.ofSeconds(1));
        }
        return permit;
    }

    /**
     * A request of an endpoint beyond chat, admitted as chat is (routes of instances that declare the endpoint's
     * capability and serve the model -> the operator's field policy -> the model's modalities and limits -> the
     * key's concurrency slot -> quotas -> selection), then called with the same attempts, deadline and failover.
     */
    public <Q, R> CompletionStage<Outcome<R>> call(Caller caller, Endpoint<Q, R> endpoint, Q request) {
        return call(caller, null, endpoint, request);
    }

    /** {@link #call(Caller, Endpoint, Object)} booked under {@code requestId} (null: a new one). */
    public <Q, R> CompletionStage<Outcome<R>> call(Caller caller, String requestId, Endpoint<Q, R> endpoint,
                                                   Q request) {
        EndpointAdmission admission = counted(caller, requestId, endpoint, request);
        if (admission.quotaWait() != null) {
            return admission.quotaWait().whenComplete(this::countDenial)
                    .thenCompose(admitted -> proceed(endpoint, request, admission));
        }
        return proceed(endpoint, request, admission);
    }

    private <Q, R> CompletionStage<Outcome<R>> proceed(Endpoint<Q, R> endpoint, Q request,
                                                      EndpointAdmission admission) {
        try {
            return new EndpointCall<>(this, endpoint, request, admission).start();
        } catch (RuntimeException | Error e) {
            admission.permit().release();
            throw e;
        }
    }

    /** Speech, admitted like every endpoint, streamed to {@code listener} as the provider sends it. */
    public StreamHandle speech(Caller caller, SpeechRequest request, AudioListener listener) {
        return speech(caller, null, request, listener);
    }

    /** {@link #speech(Caller, SpeechRequest, AudioListener)} booked under {@code requestId} (null: a new one). */
    public StreamHandle speech(Caller caller, String requestId, SpeechRequest request, AudioListener listener) {
        return stream(caller, requestId, Endpoints.SPEECH, request, listener);
    }

    /**
     * A request whose answer streams beyond chat (speech, streamed legacy completions, the Responses API passed
     * through), admitted like every endpoint, each piece handed to {@code listener} as the provider sends it.
     */
    public <Q, P> StreamHandle stream(Caller caller, StreamedEndpoint<Q, P> endpoint, Q request,
                                      PieceListener<? super P> listener) {
        return stream(caller, null, endpoint, request, listener);
    }

    /** {@link #stream(Caller, StreamedEndpoint, Object, PieceListener)} booked under {@code requestId} (null: a new one). */
    public <Q, P> StreamHandle stream(Caller caller, String requestId, StreamedEndpoint<Q, P> endpoint, Q request,
                                      PieceListener<? super P> listener) {
        EndpointAdmission admission = counted(caller, requestId, endpoint, request);
        if (admission.quotaWait() != null) {
            DeferredStream deferred = new DeferredStream(admission.permit());
            admission.quotaWait().whenComplete((admitted, failure) -> {
                if (failure != null) {
                    countDenial(null, failure);
                    listener.onError(QuotaCheck.asGatewayException(failure));
                } else {
                    deferred.begin(() -> proceedStream(endpoint, request, listener, admission), listener::onError);
                }
            });
            return deferred;
        }
        return proceedStream(endpoint, request, listener, admission);
    }

    private <Q, P> StreamHandle proceedStream(StreamedEndpoint<Q, P> endpoint, Q request,
                                              PieceListener<? super P> listener, EndpointAdmission admission) {
        try {
            PieceCall<Q, P> call = new PieceCall<>(this, endpoint, admission, request, listener);
            call.start();
            return call;
        } catch (RuntimeException | Error e) {
            admission.permit().release();
            throw e;
        }
    }

    /**
     * Whether some route of {@code model} (or of an alias's models: not looked through, an alias is served mapped)
     * implements {@code capability}: one lookup in the table's per-interface index, no allocation.
     */
    public boolean serves(String model, Class<?> capability) {
        return !routing.get().routes(model, capability).isEmpty();
    }

    private <Q> EndpointAdmission admit(Caller caller, String given, Endpoint<Q, ?> endpoint, Q request) {
        long start = System.nanoTime();
        String model = endpoint.model(request);
        allowed(caller, model);
        RoutingTable table = routing.get();
        List<Route> routes = table.routes(model, endpoint.capability());
        if (routes.isEmpty()) {
            if (!table.routes(model).isEmpty()) {
                throw GatewayException.invalidRequest("model", "The model '" + model + "' does not support "
                        + endpoint.path() + ".");
            }
            throw GatewayException.modelNotFound(model);
        }
        routes = permitted(routes, name -> endpoint.field(request, name));
        endpoint.checkFit(request, routes);
        PipelineSettings current = settings;
        KeyConcurrency.Permit permit = acquire(caller, model, current);
        try {
            String requestId = requestId(given);
            List<QuotaStrategy> admittedBy = quotas.get();
            long estimated = endpoint.estimatedTokens(request);
            QuotaRequest quotaRequest = quotaRequest(caller, model, estimated, null, requestId, routes,
                    admittedBy.isEmpty() ? BigDecimal.ZERO : MaxCost.ofTokens(estimated, routes));
            permit = hold(permit, quotaRequest, admittedBy);
            CompletableFuture<Void> quotaWait = QuotaCheck.check(admittedBy, quotaRequest, denials);
            CallContext context = new CallContext(requestId, Instant.now().plusMillis(current.requestTimeoutMillis()));
            return new EndpointAdmission(order(model, routes), quotaRequest, admittedBy, context, start, permit,
                    releasingOnDenial(quotaWait, permit));
        } catch (RuntimeException | Error e) {
            permit.release();
            throw e;
        }
    }

    /**
     * The routes whose operator policy accepts the request's fields; a 400 naming the field when none
     * does. Allocates only when a route is left out.
     */
    static List<Route> permitted(ChatRequest request, List<Route> routes) {
        List<Route> permitted = null;
        FieldPolicy.Violation first = null;
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            FieldPolicy.Violation violation = route.policy().check(request);
            if (violation == null) {
                if (permitted != null) {
                    permitted.add(route);
                }
            } else {
                if (permitted == null) {
                    permitted = new ArrayList<>(routes.subList(0, i));
                }
                if (first == null) {
                    first = violation;
                }
            }
        }
        return permittedOrRefused(routes, permitted, first);
    }

    /** {@link #permitted(ChatRequest, List)} for a request whose fields are read by name. */
    static List<Route> permitted(List<Route> routes, java.util.function.Function<String, Object> fields) {
        List<Route> permitted = null;
        FieldPolicy.Violation first = null;
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            FieldPolicy.Violation violation = route.policy().check(fields);
            if (violation == null) {
                if (permitted != null) {
                    permitted.add(route);
                }
            } else {
                if (permitted == null) {
                    permitted = new ArrayList<>(routes.subList(0, i));
                }
                if (first == null) {
                    first = violation;
                }
            }
        }
        return permittedOrRefused(routes, permitted, first);
    }

    private static List<Route> permittedOrRefused(List<Route> routes, List<Route> permitted,
                                                  FieldPolicy.Violation first) {
        if (permitted == null) {
            return routes;
        }
        if (permitted.isEmpty()) {
            throw GatewayException.invalidRequest(first.field(), first.message());
        }
        return permitted;
    }

    /** A lookup that missed every level, shared: a completed stage nobody completes again. */
    private static final CompletableFuture<CacheHit> MISS = CompletableFuture.completedFuture(null);

    /**
     * Asks the caches fastest level first; a hit is copied into the faster levels that missed (an L2 hit
     * becomes an L1 entry on this node), and counted with the tokens and cost it saved. Completes with
     * {@code null} on a miss. Levels that answer at once (memory; the grid's exact level from its near cache) are
     * asked on the caller's thread and the stage is complete when this returns; only a level that answers later
     * (the grid when the entry is on another member, the semantic one: an embedding) leaves it pending, and the
     * next levels are asked on the thread that completes it.
     */
    private CompletableFuture<CacheHit> lookupCache(Admission admission) {
        if (admission.cache() == null || !admission.cache().lookup()) {
            return MISS;
        }
        return lookupFrom(admission, 0);
    }

    private CompletableFuture<CacheHit> lookupFrom(Admission admission, int first) {
        List<ResponseCache> caches = admission.caches();
        for (int i = first; i < caches.size(); i++) {
            ResponseCache cache = caches.get(i);
            CompletableFuture<Optional<ChatResponse>> answer = ask(cache, admission.cacheKey());
            if (!answer.isDone()) {
                int level = i;
                return answer.handle((hit, failure) -> failure == null && hit != null && hit.isPresent()
                                ? hit.get() : null)
                        .thenCompose(response -> response != null
                                ? CompletableFuture.completedFuture(hit(admission, level, response))
                                : lookupFrom(admission, level + 1));
            }
            Optional<ChatResponse> value = answer.isCompletedExceptionally() ? null : answer.join();
            ChatResponse response = value == null ? null : value.orElse(null);
            if (response != null) {
                return CompletableFuture.completedFuture(hit(admission, i, response));
            }
        }
        if (!caches.isEmpty()) {
            metrics.cacheMiss();
        }
        return MISS;
    }

    /** One level's answer; a throw or a null is a miss. */
    private static CompletableFuture<Optional<ChatResponse>> ask(ResponseCache cache, CacheKey key) {
        try {
            CompletionStage<Optional<ChatResponse>> answer = cache.lookup(key);
            return answer == null ? CompletableFuture.completedFuture(Optional.empty()) : answer.toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.debug("Cache '{}' failed on lookup; treated as a miss", cache.name(), e);
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** A hit at level {@code index}: copied into the faster levels, counted. */
    private CacheHit hit(Admission admission, int index, ChatResponse response) {
        List<ResponseCache> caches = admission.caches();
        CacheLevel level = caches.get(index).level();
        for (int j = 0; j < index && admission.cache().store(); j++) {
            put(caches.get(j), admission.cacheKey(), response);
        }
        BigDecimal saved = savedCost(admission, response.usage());
        metrics.cacheHit(level, response.usage(), saved);
        ledger.cached(admission, admission.routes().isEmpty() ? admission.clientRequest().model()
                : admission.routes().get(0).model().id(), response.usage(), level, saved,
                System.nanoTime() - admission.startNanos());
        return new CacheHit(response, CacheStatus.hit(level));
    }

    /** What the answer would have cost from the route the request would have gone to first. */
    private static BigDecimal savedCost(Admission admission, Usage usage) {
        try {
            return admission.routes().isEmpty() ? BigDecimal.ZERO : admission.routes().get(0).model().cost(usage);
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }

    /** An answer from cache and the {@link CacheStatus} of the level that had it. */
    private record CacheHit(ChatResponse response, String status) {
    }

    /** Orders the routes with the configured strategy; routes a strategy forgot are kept, at the end. */
    List<Route> order(ChatRequest request, List<Route> routes) {
        return order(request, null, routes);
    }

    /** Orders the routes of a request beyond chat, which strategies know by its model only. */
    List<Route> order(String model, List<Route> routes) {
        return order(null, model, routes);
    }

    private List<Route> order(ChatRequest request, String model, List<Route> routes) {
        if (routes.size() < 2) {
            return routes;
        }
        return order(request, model, routes, activeStrategy(request != null ? request.model() : model));
    }

    /**
     * Orders an alias's candidates: its models stay in the alias's order (the fallback chain), the routes of
     * each model are ordered by the alias's strategy if it names one, else by that model's.
     */
    List<Route> orderAlias(ChatRequest request, ModelRoute alias, List<Route> routes) {
        if (routes.size() < 2) {
            return routes;
        }
        List<Route> result = new ArrayList<>(routes.size());
        int from = 0;
        while (from < routes.size()) {
            String model = routes.get(from).model().id();
            int to = from + 1;
            while (to < routes.size() && routes.get(to).model().id().equals(model)) {
                to++;
            }
            List<Route> run = routes.subList(from, to);
            result.addAll(run.size() < 2 ? run : order(request, model, run,
                    alias.strategy() != null ? strategyNamed(alias.strategy()) : activeStrategy(model)));
            from = to;
        }
        return result;
    }

    private List<Route> order(ChatRequest request, String model, List<Route> routes, SelectionStrategy strategy) {
        if (strategy == null) {
            return routes;
        }
        List<Candidate> candidates = new ArrayList<>(routes.size());
        Map<String, Route> byInstance = new HashMap<>();
        for (Route route : routes) {
            candidates.add(new Candidate(route.instanceId(), route.providerType(), route.model(), route.weight(),
                    route.health().stats()));
            byInstance.put(route.instanceId(), route);
        }
        List<Candidate> ordered;
        try {
            ordered = request != null ? strategy.order(request, candidates) : strategy.order(model, candidates);
        } catch (RuntimeException e) {
            LOG.warn("Selection strategy '{}' failed; using registration order: {}", strategy.name(), e.toString());
            return routes;
        }
        List<Route> result = new ArrayList<>(routes.size());
        for (Candidate candidate : ordered) {
            Route route = byInstance.remove(candidate.instanceId());
            if (route != null) {
                result.add(route);
            }
        }
        for (Route route : routes) {
            if (byInstance.containsKey(route.instanceId())) {
                result.add(route);
            }
        }
        return result;
    }

    /** The default strategy if bound, else the first bound one, else none (registration order). */
    public SelectionStrategy activeStrategy() {
        return activeStrategy(null);
    }

    /** The strategy configured for the model (or the default) if bound, else the first bound one, else none. */
    public SelectionStrategy activeStrategy(String model) {
        String wanted = model == null ? null : strategyByModel.get(model);
        return strategyNamed(wanted == null ? settings.selectionStrategy() : wanted);
    }

    /** The bound strategy of that name, else the first bound one, else none. */
    private SelectionStrategy strategyNamed(String wanted) {
        List<SelectionStrategy> bound = selections.get();
        if (bound.isEmpty()) {
            return null;
        }
        for (SelectionStrategy strategy : bound) {
            if (strategy.name().equals(wanted)) {
                return strategy;
            }
        }
        return bound.get(0);
    }

    /**
     * Books a successful chat call: metrics, health, quota usage, the usage ledger. Returns its cost. {@code firstChunkNanos} is a
     * stream's time to first chunk (its breaker judges slowness by it), -1 for a call that did not stream.
     */
    BigDecimal account(Admission admission, Route route, Usage usage, long attemptNanos, long firstChunkNanos) {
        BigDecimal cost = route.model().cost(usage);
        account(admission.permit(), admission.quotaRequest().tenant(), admission.startNanos(), route, usage, cost,
                attemptNanos, firstChunkNanos);
        ledger.book(admission, route, usage, cost, System.nanoTime() - admission.startNanos());
        return cost;
    }

    /** Books an answer of an endpoint beyond chat into the usage ledger (behind the request path, never blocking). */
    void book(String requestId, QuotaRequest request, Route route, String endpoint, Usage usage, long images,
              double audioSeconds, BigDecimal cost, long startNanos) {
        ledger.book(requestId, request, route, endpoint, usage, images, audioSeconds, cost,
                System.nanoTime() - startNanos);
    }

    /**
     * Books a request that ended failed after its provider attempts into the usage ledger, under the gateway's
     * error code the client gets ({@code error}) and the last provider failure's code (behind the request path).
     */
    void bookFailure(String requestId, QuotaRequest request, Route route, String endpoint, GatewayException error,
                     ProviderException failure, long startNanos) {
        ledger.failed(requestId, request, route, endpoint, error.code() != null ? error.code() : error.type(), failure,
                System.nanoTime() - startNanos);
    }

    /**
     * Books a successful call of any endpoint at the given cost: metrics, health, quota usage (settled through the
     * request's {@link QuotaHold}, before its slot is given back, so a budget sees the actual cost replace the
     * reservation in one step).
     */
    void account(KeyConcurrency.Permit permit, String tenant, long startNanos, Route route, Usage usage,
                 BigDecimal cost, long attemptNanos, long firstChunkNanos) {
        if (!accounted) {
            return;
        }
        route.metrics().recordSuccess(System.nanoTime() - startNanos, usage, cost, tenant);
        if (firstChunkNanos < 0) {
            route.health().recordSuccess(attemptNanos);
        } else {
            route.health().recordStreamSuccess(attemptNanos, firstChunkNanos);
        }
        if (permit instanceof QuotaHold hold) {
            hold.settle(usage, cost);
        }
    }

    /**
     * Books a failed call: counted per instance and code (the first of each code logged for the plugin's
     * author); only the provider's own failures count against its health.
     */
    void accountFailure(Route route, ProviderException failure) {
        if (!accounted) {
            return;
        }
        route.metrics().recordError();
        route.failures().record(failure);
        if (!failure.code().isClientFault()) {
            route.health().recordFailure();
        }
    }

    void store(Admission admission, ChatResponse response) {
        if (admission.cache() == null || !admission.cache().store() || response.choices().isEmpty()) {
            return;
        }
        for (ResponseCache cache : admission.caches()) {
            put(cache, admission.cacheKey(), response);
        }
    }

    private static void put(ResponseCache cache, CacheKey key, ChatResponse response) {
        try {
            cache.put(key, response);
        } catch (RuntimeException e) {
            LOG.debug("Cache '{}' failed on store", cache.name(), e);
        }
    }

    /**
     * The id core books a request under: the one it was given (rest's {@code x-request-id}, made by
     * {@link RequestIds}), or a new one when the caller has none (the shell, the semantic cache's embedder).
     */
    static String requestId(String given) {
        return given != null ? given : RequestIds.next();
    }
}
