package dev.switchboard.core.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Timer;
import com.codahale.metrics.MetricRegistry;
import dev.switchboard.core.api.MetricNames;
import dev.switchboard.core.api.StatsReport;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final Counter quotaDenials;
    private final Counter rejected;

    public GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.cacheHits = registry.counter("switchboard.cache.hits");
        this.quotaDenials = registry.counter("switchboard.quota.denials");
        this.rejected = registry.counter("switchboard.requests.failed");
    }

    public MetricRegistry registry() {
        return registry;
    }

    public RouteMetrics forRoute(String instanceId, String model) {
        return routes.computeIfAbsent(instanceId + '|' + model, key -> {
            String[] labels = {"instance", instanceId, "model", model};
            return new RouteMetrics(instanceId, model,
                    registry.timer(MetricNames.tagged("switchboard.route.latency", labels),
                            GatewayMetrics::lockFreeTimer),
                    registry.counter(MetricNames.tagged("switchboard.route.errors", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.tokens.prompt", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.tokens.completion", labels)),
                    registry.counter(MetricNames.tagged("switchboard.route.cost.nanousd", labels)));
        });
    }

    /** The default reservoir takes a lock on every update; under concurrency that lock is the hot spot. */
    private static Timer lockFreeTimer() {
        return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    public void cacheHit() {
        cacheHits.inc();
    }

    public void quotaDenied() {
        quotaDenials.inc();
    }

    /** A request that ended in an error for the client (after every attempt). */
    public void requestFailed() {
        rejected.inc();
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
        return new StatsReport(List.copyOf(rows), cacheHits.getCount(), quotaDenials.getCount());
    }
}
