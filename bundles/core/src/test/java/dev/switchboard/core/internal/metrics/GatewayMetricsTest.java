package dev.switchboard.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.core.api.MetricNames;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

public class GatewayMetricsTest {

    private final MetricRegistry registry = new MetricRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    public void tokensAndCostAreCountedByTenantProviderAndModel() {
        RouteMetrics route = metrics.forRoute("openai-eu", "openai", "gpt-4o");
        route.recordSuccess(1_000_000, new Usage(10, 5), new BigDecimal("0.000002"), "acme");
        route.recordSuccess(1_000_000, new Usage(1, 1), new BigDecimal("0.000001"), "acme");
        route.recordSuccess(1_000_000, new Usage(7, 0), BigDecimal.ZERO, "globex");

        String[] acme = {"tenant", "acme", "provider", "openai", "model", "gpt-4o"};
        assertThat(registry.counter(MetricNames.tagged("switchboard.usage.tokens.prompt", acme)).getCount()).isEqualTo(11);
        assertThat(registry.counter(MetricNames.tagged("switchboard.usage.tokens.completion", acme)).getCount()).isEqualTo(6);
        assertThat(registry.counter(MetricNames.tagged("switchboard.usage.cost.nanousd", acme)).getCount()).isEqualTo(3000);
        assertThat(registry.counter(MetricNames.tagged("switchboard.usage.tokens.prompt", "tenant", "globex", "provider",
                "openai", "model", "gpt-4o")).getCount()).isEqualTo(7);
        assertThat(route.promptTokens()).as("the route's totals too").isEqualTo(18);
    }

    @Test
    public void tenantsPastTheCapShareOneLabel() {
        RouteMetrics route = metrics.forRoute("i", "p", "m");
        for (int i = 0; i < GatewayMetrics.MAX_TENANT_LABELS + 5; i++) {
            route.recordSuccess(1, new Usage(1, 0), BigDecimal.ZERO, "tenant-" + i);
        }
        assertThat(registry.counter(MetricNames.tagged("switchboard.usage.tokens.prompt", "tenant",
                GatewayMetrics.OTHER_TENANTS, "provider", "p", "model", "m")).getCount()).isEqualTo(5);
    }

    @Test
    public void timeToFirstTokenIsATimerPerRoute() {
        metrics.forRoute("i", "p", "m").recordFirstToken(2_000_000);
        assertThat(registry.timer(MetricNames.tagged("switchboard.route.ttfb", "instance", "i", "model", "m"))
                .getCount()).isEqualTo(1);
    }

    @Test
    public void aCircuitsStateIsOneGaugePerState() {
        AtomicReference<CircuitState> state = new AtomicReference<>(CircuitState.CLOSED);
        metrics.watchCircuit("openai-eu", state::get);
        assertThat(gauge("openai-eu", "closed")).isEqualTo(1);
        assertThat(gauge("openai-eu", "open")).isEqualTo(0);
        state.set(CircuitState.OPEN);
        assertThat(gauge("openai-eu", "closed")).isEqualTo(0);
        assertThat(gauge("openai-eu", "open")).isEqualTo(1);
    }

    private Object gauge(String instance, String state) {
        return registry.getGauges().get(MetricNames.tagged("switchboard.circuit.state", "instance", instance, "state",
                state)).getValue();
    }
}
