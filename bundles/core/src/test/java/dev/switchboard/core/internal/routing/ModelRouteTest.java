package dev.switchboard.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ModelRouteTest {

    @Test
    public void readsAnAliasWithItsSettings() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelRoute> routes = ModelRoute.parse(Map.of(
                "route.smart", " gpt-4o, claude-sonnet-4 ,gpt-4o-mini, gpt-4o",
                "route.smart.strategy", "lowest-latency",
                "route.smart.timeout.ms", "30000",
                "route.smart.fallback.text", "Try later.",
                "selection.strategy", "round-robin"), problems);

        assertThat(problems).isEmpty();
        assertThat(routes).containsOnlyKeys("smart");
        ModelRoute smart = routes.get("smart");
        assertThat(smart.models()).as("in order, each once").containsExactly("gpt-4o", "claude-sonnet-4", "gpt-4o-mini");
        assertThat(smart.strategy()).isEqualTo("lowest-latency");
        assertThat(smart.timeoutMillis()).isEqualTo(30_000);
        assertThat(smart.fallbackText()).isEqualTo("Try later.");
    }

    @Test
    public void aMalformedSettingIsReportedAndLeftOut() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelRoute> routes = ModelRoute.parse(Map.of(
                "route.smart", "gpt-4o",
                "route.smart.timeout.ms", "soon",
                "route.orphan.strategy", "weighted",
                "route.empty", " , "), problems);

        assertThat(routes).containsOnlyKeys("smart");
        assertThat(routes.get("smart").timeoutMillis()).isZero();
        assertThat(problems).hasSize(3).anySatisfy(p -> assertThat(p).contains("route.smart.timeout.ms"))
                .anySatisfy(p -> assertThat(p).contains("route.orphan.strategy"))
                .anySatisfy(p -> assertThat(p).contains("route.empty"));
    }
}
