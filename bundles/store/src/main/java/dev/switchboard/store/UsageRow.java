package dev.switchboard.store;

import java.math.BigDecimal;
import java.util.List;

/**
 * One group of a usage report: its values of the query's dimensions, in their order ({@code day} as an ISO
 * date; null where the ledger had none, e.g. a request without a tenant), and its sums. {@code errors} counts
 * the requests whose status is not {@code ok}; {@code cacheHits} those a cache answered, and {@code savedCost}
 * what they would have cost. Latencies are in milliseconds; {@code p50LatencyMillis} is the median.
 */
public record UsageRow(List<String> group, long requests, long errors, long cacheHits, long promptTokens,
                       long completionTokens, long cachedTokens, long reasoningTokens, BigDecimal cost,
                       BigDecimal savedCost, double avgLatencyMillis, double p50LatencyMillis) {

    public UsageRow {
        group = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(group)); // values may be null
    }
}
