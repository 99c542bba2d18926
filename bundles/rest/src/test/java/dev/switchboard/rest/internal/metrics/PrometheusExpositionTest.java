package dev.switchboard.rest.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.core.api.MetricNames;
import dev.switchboard.core.api.StatsReport;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** A registry with known values, and the text Prometheus gets for it. */
public class PrometheusExpositionTest {

    private final MetricRegistry registry = new MetricRegistry();
    private StatsReport stats = new StatsReport(List.of(), 0, 0);

    private String scrape() throws Exception {
        StringWriter out = new StringWriter();
        new PrometheusExposition(registry, () -> stats).write(out);
        return out.toString();
    }

    @Test
    public void routeMetricsAreOneFamilyWithInstanceAndModelLabels() throws Exception {
        registry.counter(MetricNames.tagged("switchboard.route.errors", "instance", "openai-eu", "model", "gpt-4.1"))
                .inc(3);
        registry.counter(MetricNames.tagged("switchboard.route.errors", "instance", "mock", "model", "mock-echo"))
                .inc(1);

        String text = scrape();

        assertThat(text).containsOnlyOnce("# TYPE switchboard_route_errors ");
        assertThat(text).contains("switchboard_route_errors{instance=\"openai-eu\",model=\"gpt-4.1\",} 3.0");
        assertThat(text).contains("switchboard_route_errors{instance=\"mock\",model=\"mock-echo\",} 1.0");
        assertThat(text).doesNotContain("gpt_4_1");
    }

    @Test
    public void latencyIsASummaryInSecondsWithQuantilesAndCount() throws Exception {
        var timer = registry.timer(MetricNames.tagged("switchboard.route.latency", "instance", "a", "model", "m"));
        timer.update(250, TimeUnit.MILLISECONDS);
        timer.update(250, TimeUnit.MILLISECONDS);

        String text = scrape();

        assertThat(text).contains("# TYPE switchboard_route_latency summary");
        assertThat(text).contains("switchboard_route_latency{instance=\"a\",model=\"m\",quantile=\"0.5\",} 0.25");
        assertThat(text).contains("switchboard_route_latency_count{instance=\"a\",model=\"m\",} 2.0");
    }

    @Test
    public void ttfbRetriesUsageByTenantAndCircuitStatesAreExposed() throws Exception {
        registry.timer(MetricNames.tagged("switchboard.route.ttfb", "instance", "a", "model", "m"))
                .update(40, TimeUnit.MILLISECONDS);
        registry.counter("switchboard.retries").inc(2);
        registry.counter("switchboard.failovers").inc(1);
        registry.counter(MetricNames.tagged("switchboard.usage.tokens.prompt", "tenant", "acme", "provider", "openai",
                "model", "gpt-4o")).inc(12);
        registry.gauge(MetricNames.tagged("switchboard.circuit.state", "instance", "a", "state", "open"), () -> () -> 1);

        String text = scrape();

        assertThat(text).contains("switchboard_route_ttfb_count{instance=\"a\",model=\"m\",} 1.0");
        assertThat(text).contains("switchboard_retries 2.0").contains("switchboard_failovers 1.0");
        assertThat(text).contains(
                "switchboard_usage_tokens_prompt{tenant=\"acme\",provider=\"openai\",model=\"gpt-4o\",} 12.0");
        assertThat(text).contains("switchboard_circuit_state{instance=\"a\",state=\"open\",} 1.0");
    }

    @Test
    public void plainNamesAndGaugesPassThrough() throws Exception {
        registry.counter("switchboard.cache.hits").inc(7);
        registry.gauge("switchboard.grid.members", () -> () -> 2);

        String text = scrape();

        assertThat(text).contains("switchboard_cache_hits 7.0");
        assertThat(text).contains("switchboard_grid_members 2.0");
    }

    @Test
    public void failuresByCodeAndCacheCountersFromTheStats() throws Exception {
        stats = new StatsReport(List.of(), 0, 0, List.of(new StatsReport.Failures("openai-eu", "RATE_LIMIT", 4)),
                List.of(new StatsReport.Cache("memory", CacheLevel.MEMORY, new CacheStats(5, 6, 7, 0, 3))));

        String text = scrape();

        assertThat(text).contains("switchboard_instance_failures_total{instance=\"openai-eu\",code=\"RATE_LIMIT\",} 4.0");
        assertThat(text).contains("switchboard_cache_lookups_total{cache=\"memory\",level=\"MEMORY\",result=\"hit\",} 5.0");
        assertThat(text).contains("switchboard_cache_entries{cache=\"memory\",level=\"MEMORY\",} 3.0");
    }

    @Test
    public void labelValuesWithSeparatorsAndQuotesStayOneValue() throws Exception {
        registry.counter(MetricNames.tagged("switchboard.route.errors", "instance", "x", "model", "a,b=\"c\"}")).inc();

        String text = scrape();

        assertThat(text).contains("switchboard_route_errors{instance=\"x\",model=\"a,b=\\\"c\\\"}\",} 1.0");
    }
}
