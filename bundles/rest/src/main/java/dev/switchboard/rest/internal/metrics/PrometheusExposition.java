package dev.switchboard.rest.internal.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.core.api.StatsReport;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Supplier;

/**
 * Core's Dropwizard registry and stats in the Prometheus text format (0.0.4), through the Prometheus Dropwizard
 * bridge: counters and gauges as gauges, timers as summaries in seconds with quantiles from Dropwizard's reservoir.
 * A scrape reads the registry as it is then; nothing is kept between scrapes.
 */
public final class PrometheusExposition {

    public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE_004;

    private final CollectorRegistry collectors = new CollectorRegistry();

    public PrometheusExposition(MetricRegistry registry, Supplier<StatsReport> stats) {
        collectors.register(new DropwizardExports(registry, new LabelledSampleBuilder()));
        collectors.register(new GatewayCollector(stats));
    }

    public void write(Writer out) throws IOException {
        TextFormat.write004(out, collectors.metricFamilySamples());
    }
}
