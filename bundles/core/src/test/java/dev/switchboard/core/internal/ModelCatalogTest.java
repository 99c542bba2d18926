package dev.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ModelCatalogTest {

    @Test
    public void listsAliasesWithTheirCandidatesBesideTheModels() {
        GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
        InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
        registry.addProvider(new ScriptedProvider("scripted").withInstance("a", ModelInfo.text("m1", "1", "2", 1000))
                .withInstance("c", ModelInfo.text("m2", "1", "2", 1000)));
        List<String> problems = new ArrayList<>();
        registry.configureRoutes(ModelRoute.parse(Map.of("route.smart", "m2, m1", "route.nothing", "unknown"), problems));

        List<ModelListing> listings = ModelCatalog.listings(registry.get());

        assertThat(listings).extracting(listing -> listing.model().id()).as("an alias without candidates is not offered")
                .containsExactly("m1", "m2", "smart");
        assertThat(listings.get(2).instanceIds()).containsExactly("c", "a");
    }
}
