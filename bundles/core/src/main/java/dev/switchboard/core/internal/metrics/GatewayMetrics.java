package dev.switchboard.core.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Timer;
import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.CacheStatus;
import dev.switchboard.core.api.MetricNames;
import dev.switchboard.core.api.StatsReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Dropwizard registry: per route {@code switchboard.route.<metric>{instance=..,model=..}}
 * ({@link MetricNames}: the labels the Prometheus exposition gives them), plus gateway-wide counters. Route metrics outlive routing-table swaps so a re-added provider keeps
 * counting where it left off.
 */
public final class GatewayMetrics {

    private final MetricRegistry registry;
    private final Map<String, RouteMetrics> routes = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Map<CacheLevel, CacheLevelMetrics> cacheLevels = new EnumMap<>(CacheLevel.class);
    private final Counter quotaDenials;
    private final Counter rejected;
    private final Counter retries;
    private final Counter[] errorsByStatus = new Counter[201];
    private final Counter failovers;
    private final java.util.Set<String> tenantsLabelled = ConcurrentHashMap.newKeySet();

    public GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.cacheHits = registry.counter("switchboard.cache.hits");
        this.cacheMisses = registry.counter("switchboard.cache.misses");
        for (CacheLevel level : CacheLevel.values()) {
            String prefix = MetricRegistry.name("switchboard.cache", CacheStatus.levelName(level));
            cacheLevels.put(level, new CacheLevelMetrics(registry.counter(prefix + ".hits"),
                    registry.counter(prefix + ".tokens.saved"), registry.counter(prefix + ".cost.saved.nanousd")));
        }
        // hits of every level over every cacheable request, for dashboards that want the figure, not the counts
        registry.gauge("switchboard.cache.hit.ratio", () -> () -> {
            long hits = cacheHits.getCount();
            long lookups = hits + cacheMisses.getCount();
            return lookups == 0 ? 0.0 : (double) hits / lookups;
        });
        this.quotaDenials = registry.counter("switchboard.quota.denials");
        this.rejected = registry.counter("switchboard.requests.failed");
        this.retries = registry.counter("switchboard.retries");
        this.failovers = registry.counter("switchboard.failovers");
    }

    public MetricRegistry registry() {
        return registry;
    }

    public RouteMetrics forRoute(String instanceId, String model) {
        return forRoute(instanceId, null, model);
    }

    /** The metrics of an instance of a provider type serving a model, made once and kept across table swaps. */
    public RouteMetrics forRoute(String instanceId, String providerType, String model) {
        return routes.computeIfAbsent(instanceId + '|' + model, key -> {
            String[] labels = {"instance", instanceId, "model", model};
            String provider = providerType == null ? "" : providerType;
            return new RouteMetrics(instanceId, model,
                    registry.timer(MetricNames.tagged("switchboard.route.latency", labels),
                            GatewayMetrics::lockFreeTimer),
                    registry.timer(MetricNames.tagged("switchboard.route.ttfb", labels),
                            GatewayMetrics::lockFreeTimer),
                    registry.counter(MetricNames.tagged("switchboard.route.errors", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.tokens.prompt", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.tokens.completion", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.cost.nanousd", labels)),
                    tenant -> tenantUsage(tenantLabel(tenant), provider, model));
        });
    }

    /**
     * At most {@value #MAX_TENANT_LABELS} tenant values in the metrics (a label per tenant is a time series per
     * tenant, provider and model); later tenants are counted under {@value #OTHER_TENANTS}. The ledger has them all.
     */
    static final int MAX_TENANT_LABELS = 500;
    static final String OTHER_TENANTS = "_other";

    private String tenantLabel(String tenant) {
        if (tenantsLabelled.contains(tenant)) {
            return tenant;
        }
        synchronized (tenantsLabelled) {
            if (tenantsLabelled.size() < MAX_TENANT_LABELS) {
                tenantsLabelled.add(tenant);
                return tenant;
            }
        }
        return OTHER_TENANTS;
    }

    private RouteMetrics.TenantUsage tenantUsage(String tenant, String provider, String model) {
        String[] labels = {"tenant", tenant, "provider", provider, "model", model};
        return new RouteMetrics.TenantUsage(
                registry.counter(MetricNames.tagged("switchboard.usage.tokens.prompt", labels)),
                registry.counter(MetricNames.tagged("switchboard.usage.tokens.completion", labels)),
                registry.counter(MetricNames.tagged("switchboard.usage.cost.nanousd", labels)));
    }

    /**
     * Gauges of an instance's circuit, read at scrape time: {@code switchboard.circuit.state{instance,state}} is 1
     * for the state it is in and 0 for the others (closed, open, half_open), so a dashboard can sum or filter.
     */
    public void watchCircuit(String instanceId, java.util.function.Supplier<dev.switchboard.api.selection.CircuitState> state) {
        for (dev.switchboard.api.selection.CircuitState each : dev.switchboard.api.selection.CircuitState.values()) {
            registry.gauge(MetricNames.tagged("switchboard.circuit.state", "instance", instanceId, "state",
                    each.name().toLowerCase(java.util.Locale.ROOT)), () -> () -> state.get() == each ? 1 : 0);
        }
    }

    /** A request tried a route again (after back-off or Retry-After). */
    public void retried() {
        retries.inc();
    }

    /** A request went on to another route after a failure. */
    public void failedOver() {
        failovers.inc();
    }

    private record CacheLevelMetrics(Counter hits, Counter tokensSaved, Counter costSavedNanoUsd) {
    }

    /** The default reservoir takes a lock on every update; under concurrency that lock is the hot spot. */
    private static Timer lockFreeTimer() {
        return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    /** An answer from the cache at {@code level}: its tokens and what it would have cost were saved. */
    public void cacheHit(CacheLevel level, Usage usage, BigDecimal costSaved) {
        cacheHits.inc();
        CacheLevelMetrics metrics = cacheLevels.get(level == null ? CacheLevel.MEMORY : level);
        metrics.hits().inc();
        metrics.tokensSaved().inc(usage == null ? 0 : usage.totalTokens());
        metrics.costSavedNanoUsd().inc(costSaved == null ? 0 : costSaved.movePointRight(9).longValue());
    }

    /** A cacheable request no cache answered. */
    public void cacheMiss() {
        cacheMisses.inc();
    }

    public void quotaDenied() {
        quotaDenials.inc();
    }

    /** A request that ended in an error for the client (after every attempt). */
    public void requestFailed() {
        rejected.inc();
    }

    /**
     * An error the client got, by HTTP status ({@code switchboard.errors{status}}): refusals at admission (400, 403,
     * 404, 429 ...) and failures after every attempt (502, 503, 504 ...). Counters are resolved once per status.
     */
    public void answeredWithError(int status) {
        int index = status < 400 || status > 599 ? 0 : status - 399;
        Counter counter = errorsByStatus[index];
        if (counter == null) {
            // a race resolves the same counter twice: the registry hands out one per name
            counter = registry.counter(MetricNames.tagged("switchboard.errors", "status",
                    index == 0 ? "other" : Integer.toString(status)));
            errorsByStatus[index] = counter;
        }
        counter.inc();
    }

    public StatsReport report() {
        List<StatsReport.Row> rows = new ArrayList<>();
        for (RouteMetrics route : routes.values()) {
            var snapshot = route.latency().getSnapshot();
            rows.add(new StatsReport.Row(route.instanceId(), route.model(), route.latency().getCount() + route.errors(),
                    route.errors(), route.promptTokens(), route.completionTokens(), route.costUsd(),
                    snapshot.getMedian() / 1_000_000.0, snapshot.get95thPercentile() / 1_000_000.0,
                    snapshot.get99thPercentile() / 1_000_000.0));
        }
        rows.sort(Comparator.comparing(StatsReport.Row::instanceId).thenComparing(StatsReport.Row::model));
        List<StatsReport.LevelTotals> levels = new ArrayList<>();
        cacheLevels.forEach((level, metrics) -> levels.add(new StatsReport.LevelTotals(CacheStatus.levelName(level),
                metrics.hits().getCount(), metrics.tokensSaved().getCount(),
                BigDecimal.valueOf(metrics.costSavedNanoUsd().getCount(), 9).stripTrailingZeros())));
        return new StatsReport(List.copyOf(rows), cacheHits.getCount(), quotaDenials.getCount(), List.of(), List.of(),
                new StatsReport.CacheTotals(cacheMisses.getCount(), levels));
    }
}
