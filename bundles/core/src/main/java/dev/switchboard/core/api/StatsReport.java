package dev.switchboard.core.api;

import java.math.BigDecimal;
import java.util.List;

/** Per provider instance and model: traffic, errors, tokens, cost and latency percentiles in milliseconds. */
public record StatsReport(List<Row> rows, long cacheHits, long quotaDenials) {

    public record Row(String instanceId, String model, long requests, long errors, long promptTokens,
                      long completionTokens, BigDecimal costUsd, double p50Millis, double p95Millis,
                      double p99Millis) {
    }
}
