package dev.switchboard.core.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Timer;
import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The metrics of one instance serving one model, resolved once per route so a request does no name
 * building or registry lookup. Cost is summed in nano-dollars to stay exact without BigDecimal adds. Tokens and
 * cost per tenant ({@code switchboard.usage.*{tenant,provider,model}}) are resolved once per tenant and route:
 * after the first request of a tenant, one map lookup by the tenant's name, no allocation.
 */
public final class RouteMetrics {

    private final String instanceId;
    private final String model;
    private final Timer latency;
    private final Timer ttfb;
    private final Counter errors;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Counter costNanoUsd;
    private final Map<String, TenantUsage> byTenant = new ConcurrentHashMap<>();
    private final Function<String, TenantUsage> tenantUsage;

    RouteMetrics(String instanceId, String model, Timer latency, Timer ttfb, Counter errors, Counter promptTokens,
                 Counter completionTokens, Counter costNanoUsd, Function<String, TenantUsage> tenantUsage) {
        this.instanceId = instanceId;
        this.model = model;
        this.latency = latency;
        this.ttfb = ttfb;
        this.errors = errors;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.costNanoUsd = costNanoUsd;
        this.tenantUsage = tenantUsage;
    }

    /** The counters of one tenant on this route's provider and model. */
    record TenantUsage(Counter promptTokens, Counter completionTokens, Counter costNanoUsd) {
    }

    public void recordSuccess(long latencyNanos, Usage usage, BigDecimal costUsd) {
        recordSuccess(latencyNanos, usage, costUsd, null);
    }

    /** A success of a request of {@code tenant} (null: counted in the route's totals only). */
    public void recordSuccess(long latencyNanos, Usage usage, BigDecimal costUsd, String tenant) {
        latency.update(latencyNanos, TimeUnit.NANOSECONDS);
        long nanoUsd = costUsd.movePointRight(9).longValue();
        promptTokens.inc(usage.promptTokens());
        completionTokens.inc(usage.completionTokens());
        costNanoUsd.inc(nanoUsd);
        if (tenant != null) {
            TenantUsage counters = byTenant.get(tenant);
            if (counters == null) {
                counters = byTenant.computeIfAbsent(tenant, tenantUsage);
            }
            counters.promptTokens().inc(usage.promptTokens());
            counters.completionTokens().inc(usage.completionTokens());
            counters.costNanoUsd().inc(nanoUsd);
        }
    }

    /** A stream's time to its first chunk ({@code switchboard.route.ttfb}). */
    public void recordFirstToken(long ttfbNanos) {
        ttfb.update(ttfbNanos, TimeUnit.NANOSECONDS);
    }

    public void recordError() {
        errors.inc();
    }

    public String instanceId() {
        return instanceId;
    }

    public String model() {
        return model;
    }

    public Timer latency() {
        return latency;
    }

    public Timer ttfb() {
        return ttfb;
    }

    public long errors() {
        return errors.getCount();
    }

    public long promptTokens() {
        return promptTokens.getCount();
    }

    public long completionTokens() {
        return completionTokens.getCount();
    }

    public BigDecimal costUsd() {
        return BigDecimal.valueOf(costNanoUsd.getCount(), 9).stripTrailingZeros();
    }
}
