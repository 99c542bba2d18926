package dev.switchboard.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.testing.ScriptedProvider;
import org.junit.Test;

public class InstanceRegistryTest {

    private static final ModelInfo M1 = ModelInfo.text("m1", "1", "1", 100);
    private static final ModelInfo M2 = ModelInfo.text("m2", "1", "1", 100);

    private final InstanceRegistry registry = new InstanceRegistry(new GatewayMetrics(new MetricRegistry()),
            () -> new RouteHealth(5, 1_000, System::nanoTime));

    @Test
    public void aProviderArrivingAndLeavingSwapsTheTableWithoutTouchingOldSnapshots() {
        ScriptedProvider first = new ScriptedProvider("first").withInstance("a", M1, M2);
        registry.addProvider(first);
        RoutingTable before = registry.get();

        ScriptedProvider second = new ScriptedProvider("second").withInstance("b", M1);
        registry.addProvider(second);
        RoutingTable during = registry.get();

        assertThat(before.routes("m1")).extracting(Route::instanceId).containsExactly("a");
        assertThat(during.routes("m1")).extracting(Route::instanceId).containsExactly("a", "b");
        assertThat(during.routes("m2")).extracting(Route::instanceId).containsExactly("a");

        registry.removeProvider(first);
        RoutingTable after = registry.get();
        assertThat(after.routes("m1")).extracting(Route::instanceId).containsExactly("b");
        assertThat(after.routes("m2")).isEmpty();
        assertThat(during.routes("m1")).as("a taken snapshot never changes").hasSize(2);
        assertThat(first.closed).hasValue(1);
    }

    @Test
    public void aDuplicateInstanceIdIsSkippedAndHealthSurvivesRebuilds() {
        registry.addProvider(new ScriptedProvider("first").withInstance("a", M1));
        RouteHealth health = registry.get().routes("m1").get(0).health();
        registry.addProvider(new ScriptedProvider("second").withInstance("a", M2));

        assertThat(registry.get().routes("m2")).isEmpty();
        assertThat(registry.get().routes("m1").get(0).health()).isSameAs(health);
        assertThat(registry.instanceTypes()).containsEntry("a", "first").hasSize(1);
    }

    @Test
    public void removingAnUnknownProviderIsHarmless() {
        registry.removeProvider(new ScriptedProvider("never"));
        assertThat(registry.get().isEmpty()).isTrue();
    }
}
