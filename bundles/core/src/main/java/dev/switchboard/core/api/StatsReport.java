package dev.switchboard.core.api;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import java.math.BigDecimal;
import java.util.List;

/**
 * Per provider instance and model: traffic, errors, tokens, cost and latency percentiles in milliseconds;
 * per instance, its failures by error code; and each bound response cache's own counters.
 */
public record StatsReport(List<Row> rows, long cacheHits, long quotaDenials, List<Failures> failures,
                          List<Cache> caches) {

    public StatsReport {
        failures = failures == null ? List.of() : List.copyOf(failures);
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    public StatsReport(List<Row> rows, long cacheHits, long quotaDenials, List<Failures> failures) {
        this(rows, cacheHits, quotaDenials, failures, List.of());
    }

    public StatsReport(List<Row> rows, long cacheHits, long quotaDenials) {
        this(rows, cacheHits, quotaDenials, List.of(), List.of());
    }

    /**
     * One bound response cache, in the order core asks them, with the counters it reports itself
     * ({@code ResponseCache.stats()}); {@code stats} is null when the cache failed to report.
     */
    public record Cache(String name, CacheLevel level, CacheStats stats) {
    }

    /** How often one instance failed with one error code (an {@code ErrorCode} name). */
    public record Failures(String instanceId, String code, long count) {
    }

    public record Row(String instanceId, String model, long requests, long errors, long promptTokens,
                      long completionTokens, BigDecimal costUsd, double p50Millis, double p95Millis,
                      double p99Millis) {
    }
}
