package dev.switchboard.rest.internal.metrics;

import dev.switchboard.core.api.MetricNames;
import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns core's tagged Dropwizard names ({@link MetricNames}: {@code switchboard.route.errors{instance=a,model=b}})
 * into one Prometheus family with labels ({@code switchboard_route_errors{instance="a",model="b"}}), where the
 * bridge's default would make a family per instance and model. Untagged names pass through sanitized.
 */
final class LabelledSampleBuilder implements SampleBuilder {

    @Override
    public Collector.MetricFamilySamples.Sample createSample(String dropwizardName, String nameSuffix,
            List<String> additionalLabelNames, List<String> additionalLabelValues, double value) {
        Map<String, String> tags = MetricNames.labels(dropwizardName);
        List<String> names = new ArrayList<>(tags.size() + additionalLabelNames.size());
        List<String> values = new ArrayList<>(tags.size() + additionalLabelValues.size());
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            names.add(Collector.sanitizeMetricName(tag.getKey()));
            values.add(tag.getValue());
        }
        names.addAll(additionalLabelNames);
        values.addAll(additionalLabelValues);
        String name = Collector.sanitizeMetricName(MetricNames.base(dropwizardName) + (nameSuffix == null ? "" : nameSuffix));
        return new Collector.MetricFamilySamples.Sample(name, names, values, value);
    }
}
