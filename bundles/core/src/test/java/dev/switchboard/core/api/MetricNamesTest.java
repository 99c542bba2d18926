package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.Test;

public class MetricNamesTest {

    @Test
    public void labelsRoundTripWithDotsAndSeparatorsInValues() {
        String name = MetricNames.tagged("switchboard.route.latency", "instance", "eu.openai", "model", "a,b=c{d}\\e");

        assertThat(MetricNames.base(name)).isEqualTo("switchboard.route.latency");
        assertThat(MetricNames.labels(name)).containsExactly(Map.entry("instance", "eu.openai"),
                Map.entry("model", "a,b=c{d}\\e"));
    }

    @Test
    public void aPlainNameHasNoLabels() {
        assertThat(MetricNames.base("switchboard.cache.hits")).isEqualTo("switchboard.cache.hits");
        assertThat(MetricNames.labels("switchboard.cache.hits")).isEmpty();
    }
}
