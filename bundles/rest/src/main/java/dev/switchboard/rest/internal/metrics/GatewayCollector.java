package dev.switchboard.rest.internal.metrics;

import dev.switchboard.core.api.StatsReport;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What core counts outside its Dropwizard registry, read from {@link StatsReport} at scrape time: failures per
 * instance and error code (core keeps them per instance in arrays, not as registry counters) and each bound
 * response cache's own counters. Label values are instance ids, error codes and cache names: bounded by the
 * deployment, never by traffic.
 */
final class GatewayCollector extends Collector {

    private final Supplier<StatsReport> stats;

    GatewayCollector(Supplier<StatsReport> stats) {
        this.stats = stats;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        StatsReport report = stats.get();
        if (report == null) {
            return List.of();
        }
        List<MetricFamilySamples.Sample> failures = new ArrayList<>();
        for (StatsReport.Failures row : report.failures()) {
            failures.add(new MetricFamilySamples.Sample("switchboard_instance_failures_total",
                    List.of("instance", "code"), List.of(row.instanceId(), row.code()), row.count()));
        }
        List<MetricFamilySamples.Sample> lookups = new ArrayList<>();
        List<MetricFamilySamples.Sample> entries = new ArrayList<>();
        for (StatsReport.Cache cache : report.caches()) {
            if (cache.stats() == null) {
                continue;
            }
            List<String> level = List.of(cache.name(), String.valueOf(cache.level()));
            lookups.add(new MetricFamilySamples.Sample("switchboard_cache_lookups_total",
                    List.of("cache", "level", "result"), List.of(level.get(0), level.get(1), "hit"), cache.stats().hits()));
            lookups.add(new MetricFamilySamples.Sample("switchboard_cache_lookups_total",
                    List.of("cache", "level", "result"), List.of(level.get(0), level.get(1), "miss"),
                    cache.stats().misses()));
            entries.add(new MetricFamilySamples.Sample("switchboard_cache_entries", List.of("cache", "level"), level,
                    cache.stats().size()));
        }
        return List.of(
                new MetricFamilySamples("switchboard_instance_failures", Type.COUNTER,
                        "Failed provider calls per instance and error code", failures),
                new MetricFamilySamples("switchboard_cache_lookups", Type.COUNTER,
                        "Lookups per response cache, by result (the cache's own count)", lookups),
                new MetricFamilySamples("switchboard_cache_entries", Type.GAUGE,
                        "Entries held per response cache", entries));
    }
}
