package dev.switchboard.quota.budget.internal;

import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaScope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threshold alerts: a settle that takes spent from below a threshold to at or above it raises that threshold's
 * alert. The grid answers each settle with spent before and after it, one atomic step, so across the cluster
 * exactly one node sees each crossing and alerts once. Alerts go to the log ({@code dev.switchboard.budget.alerts},
 * WARN), to the last {@value #KEPT} kept for {@code switchboard:quota-show}, and, while core's {@link GatewayEvents}
 * is bound, out as a {@code budget.threshold} event (amounts in the budget's unit: USD, tokens or requests).
 */
final class BudgetAlerts {

    static final Logger LOG = LoggerFactory.getLogger("dev.switchboard.budget.alerts");
    static final int KEPT = 100;

    record Alert(Instant at, String budget, String period, int percent, BigDecimal spentUsd, BigDecimal limitUsd) {
    }

    private final ArrayDeque<Alert> recent = new ArrayDeque<>();
    private volatile GatewayEvents events;

    void publishTo(GatewayEvents published) {
        events = published;
    }

    void stopPublishingTo(GatewayEvents published) {
        if (events == published) {
            events = null;
        }
    }

    /** The thresholds {@code before -> after} crossed (percent of {@code limit}). */
    static List<Integer> crossed(List<Integer> percents, long limit, long before, long after) {
        return percents.stream().filter(percent -> {
            // limit x percent / 100 without overflow for any limit a long holds
            BigInteger threshold = BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent))
                    .add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
            return BigInteger.valueOf(before).compareTo(threshold) < 0
                    && BigInteger.valueOf(after).compareTo(threshold) >= 0;
        }).toList();
    }

    void raise(BudgetDefinition budget, QuotaRequest request, String period, long before, long after, Instant now) {
        for (int percent : crossed(budget.alertPercents(), budget.limitNanos(), before, after)) {
            Alert alert = new Alert(now, budget.name(), period, percent, budget.readable(after), budget.limitUsd());
            LOG.warn("Budget '{}' ({}, {}) reached {}% of its limit: {} of {} {}", budget.name(), budget.scope(),
                    period, percent, alert.spentUsd().toPlainString(), budget.limitUsd().toPlainString(),
                    budget.unit());
            synchronized (recent) {
                recent.addLast(alert);
                if (recent.size() > KEPT) {
                    recent.removeFirst();
                }
            }
            publish(budget, request, alert);
        }
    }

    private void publish(BudgetDefinition budget, QuotaRequest request, Alert alert) {
        GatewayEvents published = events;
        if (published == null) {
            return;
        }
        QuotaScope scope = budget.scope();
        String tenant = scope.kind() == QuotaScope.Kind.ALL ? null
                : scope.kind() == QuotaScope.Kind.TENANT && !scope.eachValue() ? scope.value() : request.tenant();
        String keyId = scope.kind() == QuotaScope.Kind.KEY ? request.keyId() : null;
        try {
            published.budgetThreshold(tenant, budget.name(), keyId, alert.percent(), alert.spentUsd(),
                    alert.limitUsd());
        } catch (RuntimeException e) {
            // publishing never throws by contract; the alert is logged and kept either way
            LOG.debug("budget.threshold for '{}' not published: {}", budget.name(), e.toString());
        }
    }

    List<Alert> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    static BigDecimal toUsd(long nanos) {
        return BigDecimal.valueOf(nanos).divide(BudgetDefinition.NANOS_PER_USD).stripTrailingZeros();
    }
}
