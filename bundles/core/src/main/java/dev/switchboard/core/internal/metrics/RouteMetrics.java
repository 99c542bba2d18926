package dev.switchboard.core.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Timer;
import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one instance serving one model, resolved once per route so a request does no name
 * building or registry lookup. Cost is summed in nano-dollars to stay exact without BigDecimal adds.
 */
public final class RouteMetrics {

    private final String instanceId;
    private final String model;
    private final Timer latency;
    private final Counter errors;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Counter costNanoUsd;

    RouteMetrics(String instanceId, String model, Timer latency, Counter errors, Counter promptTokens,
                 Counter completionTokens, Counter costNanoUsd) {
        this.instanceId = instanceId;
        this.model = model;
        this.latency = latency;
        this.errors = errors;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.costNanoUsd = costNanoUsd;
    }

    public void recordSuccess(long latencyNanos, Usage usage, BigDecimal costUsd) {
        latency.update(latencyNanos, TimeUnit.NANOSECONDS);
        promptTokens.inc(usage.promptTokens());
        completionTokens.inc(usage.completionTokens());
        costNanoUsd.inc(costUsd.movePointRight(9).longValue());
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
