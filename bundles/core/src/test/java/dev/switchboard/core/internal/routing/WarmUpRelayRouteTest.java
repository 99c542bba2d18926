package dev.switchboard.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.testkit.ScriptedProvider;
import java.net.URI;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;

/**
 * The start-up warm-up's relay route: an {@code openai} instance to the gateway's own listener, in the warm-up's
 * routes only and only while open; gone and closed on close; none without an openai provider; never a way back to
 * itself.
 */
public class WarmUpRelayRouteTest {

    private static final URI LISTENER = URI.create("http://127.0.0.1:8181");
    private static final String SECRET = "sbw-secret";
    private static final ModelInfo MOCK_MODEL = ModelInfo.text("mock-echo", "0", "0", 1000);
    private static final ModelInfo REAL_MODEL = ModelInfo.text("gpt-real", "1.00", "2.00", 1000);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics,
            () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final WarmUpRoutes warmUpRoutes = new WarmUpRoutes(registry);
    private final WarmUpRelayRoute relay = new WarmUpRelayRoute(registry::provider, warmUpRoutes);
    private final ScriptedProvider mock = new ScriptedProvider("mock").withInstance("mock", MOCK_MODEL);
    private final ScriptedProvider openai = new ScriptedProvider("openai").withInstance("openai", REAL_MODEL);

    @Before
    public void setUp() {
        registry.addProvider(mock);
    }

    @Test
    public void theRelayIsInTheWarmUpRoutesOnlyWhileOpen() {
        registry.addProvider(openai);

        Optional<String> model = relay.openRelay(LISTENER, SECRET, "mock-echo");

        assertThat(model).contains(WarmUpRelayRoute.ID);
        assertThat(warmUpRoutes.get().routes(WarmUpRelayRoute.ID)).singleElement().satisfies(route -> {
            assertThat(route.providerType()).isEqualTo("openai");
            assertThat(route.model().upstreamId()).isEqualTo("mock-echo");
            assertThat(route.instance().config().baseUrl()).isEqualTo("http://127.0.0.1:8181/v1");
            assertThat(route.instance().config().apiKey()).isEqualTo(SECRET);
        });
        assertThat(warmUpRoutes.get().streamingRoutes(WarmUpRelayRoute.ID)).hasSize(1);
        assertThat(registry.get().routes(WarmUpRelayRoute.ID)).as("never in the clients' table").isEmpty();
        assertThat(registry.instanceTypes()).doesNotContainKey(WarmUpRelayRoute.ID);
        assertThat(metrics.registry().getNames()).noneMatch(name -> name.contains(WarmUpRelayRoute.ID));
    }

    @Test
    public void closeRemovesTheRouteAndClosesTheInstance() {
        registry.addProvider(openai);
        relay.openRelay(LISTENER, SECRET, "mock-echo");

        relay.closeRelay();
        relay.closeRelay();

        assertThat(warmUpRoutes.get().routes(WarmUpRelayRoute.ID)).isEmpty();
        assertThat(openai.closedInstances()).isEqualTo(1);
        assertThat(warmUpRoutes.get().routes("mock-echo")).singleElement()
                .satisfies(route -> assertThat(route.providerType()).isEqualTo("mock"));
    }

    @Test
    public void withoutAnOpenAiProviderTheWarmUpRunsOnTheMockAlone() {
        assertThat(relay.openRelay(LISTENER, SECRET, "mock-echo")).isEmpty();

        assertThat(warmUpRoutes.get().byModel()).containsOnlyKeys("mock-echo");
    }

    @Test
    public void aProviderThatRefusesMeansNoRelay() {
        registry.addProvider(openai.refuseToCreate(WarmUpRelayRoute.ID, new IllegalArgumentException("no")));

        assertThat(relay.openRelay(LISTENER, SECRET, "mock-echo")).isEmpty();
        assertThat(warmUpRoutes.get().byModel()).containsOnlyKeys("mock-echo");
    }

    @Test
    public void theRelayNeverRoutesToItselfAgain() {
        registry.addProvider(openai);
        relay.openRelay(LISTENER, SECRET, "mock-echo");

        // the inner request names the mock model: the mock serves it, never the relay
        assertThat(warmUpRoutes.get().routes("mock-echo")).singleElement()
                .satisfies(route -> assertThat(route.providerType()).isEqualTo("mock"));
        // nor can the relay's upstream be the relay, or a model the mock does not serve (a real one)
        assertThat(relay.openRelay(LISTENER, SECRET, WarmUpRelayRoute.ID)).isEmpty();
        assertThat(relay.openRelay(LISTENER, SECRET, "gpt-real")).isEmpty();
        assertThat(warmUpRoutes.get().routes(WarmUpRelayRoute.ID)).isEmpty();
        assertThat(openai.closedInstances()).as("the earlier relay closed when opened again").isEqualTo(1);
    }
}
