package dev.switchboard.core.internal;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.Embedder;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.AudioListener;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.internal.pipeline.Endpoints;
import dev.switchboard.core.internal.pipeline.VideoEndpoint;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import dev.switchboard.core.api.Limits;
import dev.switchboard.api.quota.InspectableQuota;
import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.core.internal.circuit.CircuitBreakerRegistry;
import dev.switchboard.core.internal.circuit.CircuitPolicy;
import dev.switchboard.core.internal.circuit.GridCircuits;
import dev.switchboard.core.internal.pipeline.StrategyChoice;
import dev.switchboard.core.internal.routing.WarmUpRelay;
import dev.switchboard.core.internal.routing.WarmUpRelayRoute;
import dev.switchboard.core.internal.routing.WarmUpRoutes;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.RouteListing;
import dev.switchboard.core.api.Routes;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.core.internal.routing.GridRoutes;
import dev.switchboard.core.internal.routing.RouteBook;
import dev.switchboard.store.RouteStore;
import java.util.concurrent.ExecutorService;
import dev.switchboard.core.internal.plugins.PluginLog;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.internal.cache.CacheReports;
import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.api.ProviderChecks;
import dev.switchboard.core.internal.cache.CacheSettings;
import dev.switchboard.core.internal.cache.GatewayEmbedder;
import dev.switchboard.core.internal.health.HealthCheckSettings;
import dev.switchboard.core.internal.health.HealthChecks;
import dev.switchboard.core.internal.health.OperatorCheck;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.health.StartupGate;
import dev.switchboard.core.internal.routing.Route;
import java.util.concurrent.CompletableFuture;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.pipeline.Pipeline;
import dev.switchboard.core.internal.pipeline.Pipelines;
import dev.switchboard.core.internal.pipeline.PipelineSettings;
import dev.switchboard.store.UsageLedger;
import dev.switchboard.core.internal.plugins.UnresolvedPlugins;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.routing.OperatorInstances;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.grid.GridMember;
import java.net.URI;
import java.util.Optional;
import java.time.Instant;
import java.util.Dictionary;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The gateway as an OSGi component: binds every provider, cache, quota and selection service the
 * moment it appears (dynamic, multiple, greedy) and drops it the moment it leaves; the pipeline reads
 * them through immutable snapshots.
 */
@Component(service = {Gateway.class, OperatorInstances.class, Circuits.class, ProviderChecks.class, Limits.class,
        Routes.class, WarmUpRelay.class}, configurationPid = "dev.switchboard.core")
@Designate(ocd = CoreConfig.class)
public final class GatewayService implements Gateway, OperatorInstances, Circuits, ProviderChecks, Limits, Routes,
        WarmUpRelay {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);


    private static final long DEADLINE_SWEEP_MILLIS = 250;
    private static final long HEALTH_TICK_MILLIS = 1000;
    /** longest start-up waits for configured instances' provider bundles before it reports ready anyway */
    private static final long STARTUP_GRACE_MILLIS = 30_000;

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final PluginSet<ResponseCache> caches = new PluginSet<>(ResponseCacheOrder.BY_LEVEL);
    private final PluginSet<QuotaStrategy> quotas = new PluginSet<>(null);
    private static final String CORE_PID = "dev.switchboard.core";
    /** The route.* settings last applied (config.updated says "routes" only when they changed). */
    private volatile Map<String, Object> routeSettings = Map.of();
    private final PluginSet<SelectionStrategy> selections = new PluginSet<>(null);
    private final InstanceRegistry instances;
    private final Pipeline pipeline;
    /** the start-up warm-up's requests ({@link Caller#warmUp()}): the mock's routes, nothing booked */
    private final Pipeline warmUpPipeline;
    private final Pipelines pipelines;
    /** the warm-up's transient openai instance over loopback, in the warm-up's routes only */
    private final WarmUpRelayRoute warmUpRelay;
    private final GridMember grid;
    private final CircuitBreakerRegistry circuits;
    private final HealthChecks healthChecks;
    private final StartupGate startupGate = new StartupGate(STARTUP_GRACE_MILLIS, System::nanoTime);
    private volatile long healthCheckTimeoutMillis;
    private GridCircuits gridCircuits;
    private final RouteBook routeBook;
    private volatile GridRoutes gridRoutes;
    private volatile RouteStore routeStore;
    // writes routes learnt from the grid into this node's store, off the grid's event threads
    private final ExecutorService routeStoreWriter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-route-store");
        thread.setDaemon(true);
        return thread;
    });
    private ServiceRegistration<MetricRegistry> metricsRegistration;
    private ServiceRegistration<Embedder> embedderRegistration;
    private volatile BundleContext bundleContext;
    private final ScheduledExecutorService deadlineSweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    // one thread for every instance's checks: it only starts them, the answers arrive on the providers' I/O
    private final ScheduledExecutorService healthScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-health-checks");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public GatewayService(@Reference GridMember grid, CoreConfig config, Map<String, Object> properties) {
        this.grid = grid;
        this.circuits = new CircuitBreakerRegistry(circuitPolicy(config), System::nanoTime);
        this.instances = new InstanceRegistry(metrics, id -> {
            metrics.watchCircuit(id, circuits.breaker(id)::state);
            return new RouteHealth(circuits.breaker(id));
        }, PluginLog.SLF4J);
        this.routeBook = new RouteBook(instances::configureRoutes);
        this.pipeline = new Pipeline(instances, caches, quotas, selections, metrics, settings(config));
        pipeline.configureStrategies(StrategyChoice.byModel(properties));
        configureRoutes(properties);
        pipeline.configureCache(cacheSettings(config));
        WarmUpRoutes warmUpRoutes = new WarmUpRoutes(instances);
        this.warmUpRelay = new WarmUpRelayRoute(instances::provider, warmUpRoutes);
        this.warmUpPipeline = Pipeline.warmUp(warmUpRoutes, selections, settings(config));
        warmUpPipeline.configureStrategies(StrategyChoice.byModel(properties));
        this.pipelines = new Pipelines(pipeline, warmUpPipeline);
        this.healthChecks = new HealthChecks(instances, healthCheckSettings(config, properties), System::nanoTime,
                metrics.registry());
        this.healthCheckTimeoutMillis = config.health_check_timeout_ms();
    }

    /** Model aliases ({@code route.<alias>}); a malformed setting is logged and that part left out. */
    private void configureRoutes(Map<String, Object> properties) {
        routeSettings = routeSettings(properties);
        List<String> problems = new java.util.ArrayList<>();
        routeBook.configure(ModelRoute.parse(properties, problems));
        problems.forEach(problem -> LOG.warn("Route configuration: {}", problem));
    }

    @Activate
    void activate(BundleContext context) {
        bundleContext = context;
        try {
            gridCircuits = new GridCircuits(grid.hazelcast(), grid.clusterSecret(), circuits, System::currentTimeMillis,
                    grid.callbackExecutor());
        } catch (RuntimeException e) {
            // breakers still work on this node; the cluster just does not hear of them
            LOG.warn("Circuit states will not be shared through the grid: {}", e.toString());
        }
        try {
            gridRoutes = new GridRoutes(grid.hazelcast(), new SignedRecords(grid.clusterSecret(), GridRoutes.PURPOSE),
                    routeBook, () -> routeStore, routeStoreWriter, System::currentTimeMillis);
        } catch (RuntimeException e) {
            LOG.warn("Routes set at run time will not be shared through the grid: {}", e.toString());
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", "switchboard");
        metrics.registry().gauge("switchboard.grid.members", () -> this::gridMembers);
        metricsRegistration = context.registerService(MetricRegistry.class, metrics.registry(), properties);
        // for plugins that need a vector (the semantic cache): this pipeline, as the gateway's own system caller
        embedderRegistration = context.registerService(Embedder.class, new GatewayEmbedder(this::embeddings), null);
        pipeline.scheduleRetriesOn(deadlineSweeper);
        warmUpPipeline.scheduleRetriesOn(deadlineSweeper);
        deadlineSweeper.scheduleWithFixedDelay(() -> {
            Instant now = Instant.now();
            pipeline.deadlines().sweep(now);
            warmUpPipeline.deadlines().sweep(now);
        }, DEADLINE_SWEEP_MILLIS, DEADLINE_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        healthScheduler.scheduleWithFixedDelay(this::checkHealth, HEALTH_TICK_MILLIS, HEALTH_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void checkHealth() {
        try {
            healthChecks.tick();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.warn("Health checks failed this round: {}", e.toString());
        }
    }

    @Modified
    void modified(CoreConfig config, Map<String, Object> properties) {
        boolean routesChanged = !routeSettings(properties).equals(routeSettings);
        circuits.configure(circuitPolicy(config));
        pipeline.configure(settings(config));
        pipeline.configureStrategies(StrategyChoice.byModel(properties));
        warmUpPipeline.configure(settings(config));
        warmUpPipeline.configureStrategies(StrategyChoice.byModel(properties));
        configureRoutes(properties);
        pipeline.configureCache(cacheSettings(config));
        healthChecks.configure(healthCheckSettings(config, properties));
        healthCheckTimeoutMillis = config.health_check_timeout_ms();
        pipeline.events().configUpdated("core", CORE_PID, "updated");
        if (routesChanged) {
            pipeline.events().configUpdated("routes", CORE_PID, "updated");
        }
    }

    /** The {@code route.*} settings, to tell a change of routes from another change of core's configuration. */
    private static Map<String, Object> routeSettings(Map<String, Object> properties) {
        Map<String, Object> routes = new java.util.TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("route.")) {
                routes.put(key, value instanceof Object[] array ? List.of(array) : value);
            }
        });
        return routes;
    }

    @Override
    public Optional<String> openRelay(URI listener, String secret, String upstreamModel) {
        return warmUpRelay.openRelay(listener, secret, upstreamModel);
    }

    @Override
    public void closeRelay() {
        warmUpRelay.closeRelay();
    }

    @Deactivate
    void deactivate() {
        warmUpRelay.closeRelay();
        healthScheduler.shutdownNow();
        healthChecks.cancelPending();
        if (gridCircuits != null) {
            gridCircuits.close();
        }
        if (gridRoutes != null) {
            gridRoutes.close();
        }
        routeStoreWriter.shutdown();
        deadlineSweeper.shutdownNow();
        if (embedderRegistration != null) {
            embedderRegistration.unregister();
        }
        if (metricsRegistration != null) {
            metricsRegistration.unregister();
        }
        instances.closeAll();
    }

    private static HealthCheckSettings healthCheckSettings(CoreConfig config, Map<String, Object> properties) {
        return HealthCheckSettings.of(config.health_check_interval_ms(), config.health_check_timeout_ms(), properties);
    }

    private static CircuitPolicy circuitPolicy(CoreConfig config) {
        return new CircuitPolicy(config.circuit_failure_threshold(), config.circuit_open_ms(),
                config.circuit_failure_rate(), config.circuit_slow_call_rate(), config.circuit_slow_call_ms(),
                config.circuit_window_ms(), config.circuit_minimum_calls(), config.circuit_half_open_probes());
    }

    /** Members of the cluster this node sees (itself included); 0 while its grid member is down. */
    private int gridMembers() {
        try {
            var hazelcast = grid.hazelcast();
            return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
        } catch (RuntimeException stopping) {
            return 0;
        }
    }

    private static PipelineSettings settings(CoreConfig config) {
        return new PipelineSettings(config.request_timeout_ms(), config.max_attempts(), config.retry_backoff_ms(),
                config.max_retry_after_ms(), config.selection_strategy(), config.max_concurrent_per_key());
    }

    /** A cache setting the operator got wrong must not stop the gateway: it runs with the safe defaults. */
    private static CacheSettings cacheSettings(CoreConfig config) {
        try {
            return CacheSettings.parse(config.cache_partition(), config.cache_tools(), config.cache_images(),
                    config.cache_disabled_models(), config.cache_model_ttl());
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache settings in dev.switchboard.core.cfg ignored, defaults used: {}", e.getMessage());
            return CacheSettings.DEFAULTS;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvider(ModelProvider provider) {
        instances.addProvider(provider);
    }

    void unbindProvider(ModelProvider provider) {
        instances.removeProvider(provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCache(ResponseCache cache) {
        caches.add(cache);
    }

    void unbindCache(ResponseCache cache) {
        caches.remove(cache);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindQuota(QuotaStrategy quota, Map<String, Object> properties) {
        pipeline.events().quotaBound(quota, properties);
        quotas.add(quota);
    }

    void unbindQuota(QuotaStrategy quota) {
        quotas.remove(quota);
        pipeline.events().quotaGone(quota);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvents(GatewayEvents events) {
        pipeline.events().bind(events);
    }

    void unbindEvents(GatewayEvents events) {
        pipeline.events().unbind(events);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLedger(UsageLedger ledger) {
        pipeline.ledger(ledger);
    }

    void unbindLedger(UsageLedger ledger) {
        pipeline.ledgerGone(ledger);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRouteStore(RouteStore store) {
        routeStore = store;
        GridRoutes shared = gridRoutes;
        if (shared != null) {
            routeStoreWriter.execute(() -> shared.storeBound(store));
        }
    }

    void unbindRouteStore(RouteStore store) {
        if (routeStore == store) {
            routeStore = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSelection(SelectionStrategy strategy) {
        selections.add(strategy);
    }

    void unbindSelection(SelectionStrategy strategy) {
        selections.remove(strategy);
    }

    /** The gateway's pipeline, or the warm-up's for core's own start-up warm-up caller ({@link Pipelines}). */
    private Pipeline of(Caller caller) {
        return pipelines.of(caller);
    }

    @Override
    public CompletionStage<ChatOutcome> chat(Caller caller, String requestId, ChatRequest request) {
        return of(caller).chat(caller, requestId, request);
    }

    @Override
    public StreamHandle chatStream(Caller caller, String requestId, ChatRequest request, StreamListener listener) {
        return of(caller).chatStream(caller, requestId, request, listener);
    }

    @Override
    public CompletionStage<Outcome<EmbeddingsResponse>> embeddings(Caller caller, String requestId,
                                                                  EmbeddingsRequest request) {
        return of(caller).call(caller, requestId, Endpoints.EMBEDDINGS, request);
    }

    @Override
    public CompletionStage<Outcome<ImageResponse>> images(Caller caller, String requestId, ImageRequest request) {
        return of(caller).call(caller, requestId, Endpoints.IMAGES, request);
    }

    @Override
    public CompletionStage<Outcome<GeneratedVideo>> videos(Caller caller, String requestId, VideoRequest request) {
        return of(caller).call(caller, requestId, VideoEndpoint.INSTANCE, request);
    }

    @Override
    public CompletionStage<Outcome<Transcription>> transcribe(Caller caller, String requestId,
                                                              TranscriptionRequest request) {
        return of(caller).call(caller, requestId, Endpoints.TRANSCRIPTION, request);
    }

    @Override
    public CompletionStage<Outcome<TextCompletion>> completions(Caller caller, String requestId,
                                                                CompletionRequest request) {
        return of(caller).call(caller, requestId, Endpoints.COMPLETIONS, request);
    }

    @Override
    public StreamHandle completionsStream(Caller caller, String requestId, CompletionRequest request,
                                          PieceListener<CompletionChunk> listener) {
        return of(caller).stream(caller, requestId, Endpoints.COMPLETIONS_STREAM, request, listener);
    }

    @Override
    public boolean passesResponsesThrough(String model) {
        return pipeline.serves(model, ResponsesCapable.class);
    }

    @Override
    public CompletionStage<Outcome<ResponsesAnswer>> responses(Caller caller, String requestId,
                                                               ResponsesRequest request) {
        return of(caller).call(caller, requestId, Endpoints.RESPONSES, request);
    }

    @Override
    public StreamHandle responsesStream(Caller caller, String requestId, ResponsesRequest request,
                                        PieceListener<ResponsesEvent> listener) {
        return of(caller).stream(caller, requestId, Endpoints.RESPONSES_STREAM, request, listener);
    }

    @Override
    public StreamHandle speech(Caller caller, String requestId, SpeechRequest request, AudioListener listener) {
        return of(caller).speech(caller, requestId, request, listener);
    }

    @Override
    public void add(InstanceConfig config) {
        instances.addOperatorInstance(config);
        pipeline.events().configUpdated("instance", config.id(), "added");
    }

    @Override
    public void remove(String instanceId) {
        instances.removeOperatorInstance(instanceId);
        pipeline.events().configUpdated("instance", instanceId, "removed");
    }

    @Override
    public List<ModelListing> models() {
        return ModelCatalog.listings(instances.get());
    }

    @Override
    public HealthReport health() {
        boolean gridUp = grid.hazelcast().getLifecycleService().isRunning();
        var table = instances.get();
        SelectionStrategy active = pipeline.activeStrategy();
        List<String> unserved = HealthChecks.unservedModels(table);
        boolean started = startupGate.open(instances.waitingInstances());
        return new HealthReport(gridUp && !table.isEmpty() && unserved.isEmpty() && started, gridUp, instances.providerTypes(),
                List.copyOf(instances.instanceTypes().keySet()),
                caches.get().stream().map(ResponseCache::name).toList(),
                quotas.get().stream().map(QuotaStrategy::name).toList(),
                selections.get().stream().map(SelectionStrategy::name).toList(),
                active == null ? null : active.name(), table.byModel().size(), instances.providerBundles(),
                instances.failedInstances(), unresolvedPlugins(), unserved);
    }

    private List<HealthReport.UnresolvedBundle> unresolvedPlugins() {
        BundleContext context = bundleContext;
        try {
            return context == null ? List.of() : UnresolvedPlugins.find(context);
        } catch (IllegalStateException stopping) {
            return List.of();
        }
    }

    @Override
    public StatsReport stats() {
        StatsReport report = metrics.report();
        return new StatsReport(report.rows(), report.cacheHits(), report.quotaDenials(), instances.failureCounts(),
                CacheReports.of(caches.get()), report.cacheTotals());
    }

    @Override
    public Map<String, Long> clearCache(String tenant, String model) {
        return CacheReports.clear(caches.get(), tenant, model);
    }

    @Override
    public List<CircuitReport> circuits() {
        return circuits.all().stream().map(breaker -> new CircuitReport(breaker.instanceId(), breaker.state().name(),
                breaker.stateAgeMillis(), breaker.windowFailureRate())).toList();
    }

    @Override
    public List<QuotaUsage> limits() {
        List<QuotaUsage> all = new java.util.ArrayList<>();
        for (QuotaStrategy quota : quotas.get()) {
            if (quota instanceof InspectableQuota inspectable) {
                try {
                    all.addAll(inspectable.usage());
                } catch (RuntimeException e) {
                    LOG.warn("Quota strategy '{}' failed to show its limits: {}", quota.name(), e.toString());
                }
            }
        }
        return all;
    }

    @Override
    public boolean resetLimit(String strategy, String name) {
        boolean reset = false;
        for (QuotaStrategy quota : quotas.get()) {
            if (quota instanceof InspectableQuota inspectable && (strategy == null || strategy.equals(quota.name()))) {
                reset |= inspectable.reset(name);
            }
        }
        return reset;
    }

    @Override
    public boolean resetCircuit(String instanceId) {
        return circuits.reset(instanceId);
    }

    @Override
    public List<RouteListing> routes() {
        return routeBook.listing(instances.get());
    }

    @Override
    public RouteDefinition setRoute(RouteDefinition definition) {
        ModelRoute route = ModelRoute.of(definition);
        if (!instances.get().routes(route.alias()).isEmpty()) {
            throw new IllegalArgumentException("'" + route.alias() + "' is a model a provider serves; a route needs "
                    + "a name of its own");
        }
        GridRoutes shared = gridRoutes;
        if (shared != null) {
            shared.set(route);
        } else {
            routeBook.apply(route.alias(), route); // no grid: this node only, until restart
        }
        return route.definition();
    }

    @Override
    public boolean removeRoute(String alias) {
        String name = alias == null ? "" : alias.trim();
        if (routeBook.runtime(name) == null) {
            if (routeBook.configuredInEtc(name)) {
                throw new IllegalArgumentException("Route '" + name + "' is configured in etc/dev.switchboard.core.cfg;"
                        + " remove it there.");
            }
            return false;
        }
        GridRoutes shared = gridRoutes;
        if (shared != null) {
            shared.remove(name);
        } else {
            routeBook.apply(name, null);
        }
        return true;
    }

    @Override
    public List<String> instanceIds() {
        return instances.get().byModel().values().stream().flatMap(List::stream).map(Route::instanceId).distinct()
                .sorted().toList();
    }

    @Override
    public CompletionStage<ProviderCheckReport> test(String instanceId, boolean chat) {
        return instances.get().byModel().values().stream().flatMap(List::stream)
                .filter(route -> route.instanceId().equals(instanceId)).findFirst()
                .map(route -> OperatorCheck.run(route.instance(), chat, healthCheckTimeoutMillis, System::nanoTime))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new IllegalArgumentException("No serving instance " + instanceId + ".")));
    }
}
