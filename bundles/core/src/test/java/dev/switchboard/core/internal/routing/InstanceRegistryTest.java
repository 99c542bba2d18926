package dev.switchboard.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.core.api.HealthReport.FailedInstance;
import dev.switchboard.core.internal.testing.RecordingPluginLog;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class InstanceRegistryTest {

    private static final ModelInfo M1 = ModelInfo.text("m1", "1", "1", 100);
    private static final ModelInfo M2 = ModelInfo.text("m2", "1", "1", 100);

    private final RecordingPluginLog log = new RecordingPluginLog();
    private final InstanceRegistry registry = new InstanceRegistry(new GatewayMetrics(new MetricRegistry()),
            () -> new RouteHealth(5, 1_000, System::nanoTime), log);

    @Test
    public void aNewVersionInstalledBesideTheOldTakesOverItsInstancesInTheSameSwap() {
        ScriptedProvider v1 = new ScriptedProvider("acme").withInstance("acme-1", M1);
        ScriptedProvider v2 = new ScriptedProvider("acme").withInstance("acme-1", M1);
        registry.addProvider(v1);
        registry.addProvider(v2);
        Route before = registry.get().routes("m1").get(0);

        registry.removeProvider(v1);

        assertThat(registry.get().routes("m1")).as("served throughout, now by the new version").hasSize(1)
                .allSatisfy(route -> assertThat(route.instance()).isNotSameAs(before.instance()));
        assertThat(v1.closedInstances()).isEqualTo(1);
        assertThat(registry.instanceTypes()).containsEntry("acme-1", "acme");
    }

    @Test
    public void anInstanceItsProviderRefusesIsListedAsFailedWithItsReasonAndLoggedWithTheException() {
        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("good", M1)
                .withConfig(new InstanceConfig("broken", "scripted", null, "sk-secret-42", List.of(M1), 1, Map.of()));
        provider.refuseToCreate("broken", new IllegalArgumentException("base.url is required (key sk-secret-42)"));

        registry.addProvider(provider);

        assertThat(registry.get().routes("m1")).extracting(Route::instanceId).containsExactly("good");
        List<FailedInstance> failed = registry.failedInstances();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).instanceId()).isEqualTo("broken");
        assertThat(failed.get(0).providerType()).isEqualTo("scripted");
        assertThat(failed.get(0).reason()).isEqualTo("IllegalArgumentException: base.url is required (key <redacted>)");
        assertThat(log.warnings).singleElement().asString()
                .contains("'broken'", "could not be created", "java.lang.IllegalArgumentException", "InstanceRegistryTest")
                .doesNotContain("sk-secret-42");

        registry.removeProvider(provider);
        assertThat(registry.failedInstances()).as("gone with its provider").isEmpty();
    }

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
        assertThat(first.closedInstances()).isEqualTo(1);
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
    public void onlyProviderTypesThatDeclareStreamingServeStreams() {
        ScriptedProvider plain = new ScriptedProvider("plain").withInstance("p", M1);
        plain.capabilities(java.util.Set.of(dev.switchboard.api.provider.Capability.CHAT));
        registry.addProvider(plain);
        registry.addProvider(new ScriptedProvider("streaming").withInstance("s", M1));

        assertThat(registry.get().routes("m1")).extracting(Route::instanceId).containsExactly("p", "s");
        assertThat(registry.get().streamingRoutes("m1")).extracting(Route::instanceId).containsExactly("s");
    }

    @Test
    public void removingAnUnknownProviderIsHarmless() {
        registry.removeProvider(new ScriptedProvider("never"));
        assertThat(registry.get().isEmpty()).isTrue();
    }

    @Test
    public void operatorInstancesWaitForTheirProviderTypeAndLeaveWhenRemoved() {
        registry.addOperatorInstance(new dev.switchboard.api.provider.InstanceConfig("eu", "scripted", null, null,
                java.util.List.of(M2), 1, java.util.Map.of()));
        assertThat(registry.get().routes("m2")).isEmpty();

        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("own", M1);
        registry.addProvider(provider);
        assertThat(registry.get().routes("m2")).extracting(Route::instanceId).containsExactly("eu");
        assertThat(registry.get().routes("m1")).extracting(Route::instanceId).containsExactly("own");

        registry.removeOperatorInstance("eu");
        assertThat(registry.get().routes("m2")).isEmpty();
        assertThat(provider.closedInstances()).isEqualTo(1);

        registry.addOperatorInstance(new dev.switchboard.api.provider.InstanceConfig("eu2", "scripted", null, null,
                java.util.List.of(M2), 1, java.util.Map.of()));
        assertThat(registry.get().routes("m2")).extracting(Route::instanceId).containsExactly("eu2");
    }

    @Test
    public void anOperatorInstanceWaitsUntilAProviderOfItsTypeIsBound() {
        registry.addOperatorInstance(new InstanceConfig("eu", "scripted", null, null, List.of(M2), 1, Map.of()));
        assertThat(registry.waitingInstances()).containsExactly("eu");

        registry.addProvider(new ScriptedProvider("scripted"));
        assertThat(registry.waitingInstances()).isEmpty();
    }

    @Test
    public void anInstanceItsProviderRefusedIsNotWaiting() {
        registry.addProvider(new ScriptedProvider("scripted")
                .refuseToCreate("eu", new IllegalArgumentException("base.url is required")));
        registry.addOperatorInstance(new InstanceConfig("eu", "scripted", null, null, List.of(M2), 1, Map.of()));
        assertThat(registry.failedInstances()).extracting(FailedInstance::instanceId).containsExactly("eu");
        assertThat(registry.waitingInstances()).isEmpty();
    }

    @Test
    public void anInstanceDefinitionIsReadFromItsConfiguration() {
        var config = InstanceDefinition.read(java.util.Map.of("id", "eu", "type", "openai", "base.url", "http://127.0.0.1:1/v1",
                "api.key", "sk-x", "models", new String[] {"gpt-4o-mini=0.15/0.60/128000", "fast=2.5/10"},
                "weight", "3", "request.timeout.ms", "500", "service.pid", "dev.switchboard.instance~eu"));
        assertThat(config.models()).extracting(ModelInfo::id).containsExactly("gpt-4o-mini", "fast");
        assertThat(config.weight()).isEqualTo(3);
        assertThat(config.settings()).containsOnlyKeys("request.timeout.ms");
        assertThat(config.toString()).doesNotContain("sk-x");
    }

    @Test
    public void removingAnOperatorInstanceWhoseIdWasTakenLeavesTheProvidersOwnAlone() {
        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("own", M1);
        registry.addProvider(provider);
        registry.addOperatorInstance(new dev.switchboard.api.provider.InstanceConfig("own", "scripted", null, null,
                java.util.List.of(M2), 1, java.util.Map.of()));
        registry.removeOperatorInstance("own");

        assertThat(registry.get().routes("m1")).extracting(Route::instanceId).containsExactly("own");
        assertThat(provider.closedInstances()).isEqualTo(0);
    }
}
