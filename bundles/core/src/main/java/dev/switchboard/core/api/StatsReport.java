package dev.switchboard.core.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * Per provider instance and model: traffic, errors, tokens, cost and latency percentiles in milliseconds;
 * and per instance, its failures by error code.
 */
public record StatsReport(List<Row> rows, long cacheHits, long quotaDenials, List<Failures> failures) {

    public StatsReport {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public StatsReport(List<Row> rows, long cacheHits, long quotaDenials) {
        this(rows, cacheHits, quotaDenials, List.of());
    }

    /** How often one instance failed with one error code (an {@code ErrorCode} name). */
    public record Failures(String instanceId, String code, long count) {
    }

    public record Row(String instanceId, String model, long requests, long errors, long promptTokens,
                      long completionTokens, BigDecimal costUsd, double p50Millis, double p95Millis,
                      double p99Millis) {
    }
}
