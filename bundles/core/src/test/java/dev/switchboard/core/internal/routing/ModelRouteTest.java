package dev.switchboard.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.RouteDefinition;

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

    @Test
    public void readsARetryPolicyOfItsOwn() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelRoute> routes = ModelRoute.parse(Map.of(
                "route.smart", "gpt-4o",
                "route.smart.max.attempts", "5",
                "route.smart.retry.backoff.ms", "0",
                "route.plain", "gpt-4o",
                "route.bad", "gpt-4o",
                "route.bad.max.attempts", "500"), problems);

        assertThat(routes.get("smart").maxAttempts()).isEqualTo(5);
        assertThat(routes.get("smart").retryBackoffMillis()).as("0 is a policy: no back-off").isZero();
        assertThat(routes.get("smart").hasRetryPolicy()).isTrue();
        assertThat(routes.get("plain").hasRetryPolicy()).as("inherits the gateway's").isFalse();
        assertThat(routes.get("bad").maxAttempts()).isZero();
        assertThat(problems).singleElement().asString().contains("route.bad.max.attempts");
    }

    @Test
    public void aDefinitionFromTheShellOrRestIsChecked() {
        ModelRoute route = ModelRoute.of(new RouteDefinition(" smart ", List.of("gpt-4o", " claude ", "gpt-4o"),
                " ", 1000, 2, 50, "Sorry."));
        assertThat(route.alias()).isEqualTo("smart");
        assertThat(route.models()).containsExactly("gpt-4o", "claude");
        assertThat(route.strategy()).isNull();
        assertThat(route.definition()).isEqualTo(new RouteDefinition("smart", List.of("gpt-4o", "claude"), null,
                1000, 2, 50, "Sorry."));

        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("bad alias", List.of("m"), null, 0, 0, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alias");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of(), null, 0, 0, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("a"), null, 0, 0, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("m"), null, -5, 0, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout_ms");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 99, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_attempts");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 0, -7, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry_backoff_ms");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 0, -1, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fallback_text");
        assertThat(ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 0, -1, null, "EXACT")).caching())
                .isEqualTo(ModelRoute.Caching.EXACT);
        assertThat(ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 0, -1, null, "off")).definition()
                .cache()).isEqualTo("off");
        assertThatThrownBy(() -> ModelRoute.of(new RouteDefinition("a", List.of("m"), null, 0, 0, -1, null, "l2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache");
    }
}
