package dev.switchboard.core.internal.routing;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.plugins.PluginFailures;
import dev.switchboard.core.internal.plugins.PluginLog;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up warm-up's relay: while a warm-up is open, one transient {@code openai} instance (made by the bound
 * {@code openai} provider's {@code createInstance}) whose base URL is the gateway's own listener and whose key is the
 * warm-up secret, serving {@value #MODEL} with a mock model as its upstream model. A warm-up request for it goes
 * listener, warm-up pipeline, openai instance, the shared upstream HTTP client over loopback, listener, warm-up
 * pipeline, mock: so the upstream client and the openai mapping are compiled before ready too, with no network
 * beyond loopback. No loop: the inner request names the mock model, which the warm-up table serves by the mock only.
 *
 * <p>Its route is in {@link WarmUpRoutes} only: never in the registry, so no instance listing, {@code /v1/models},
 * health, health check, breaker or exposed metric sees it; its health and metrics are throwaways of its own (the
 * warm-up pipeline records nothing on routes anyway).
 */
public final class WarmUpRelayRoute implements WarmUpRelay {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpRelayRoute.class);

    /** The relay's instance id and model id: named by the warm-up only. */
    public static final String ID = "switchboard-warm-up-relay";
    static final String TYPE = "openai";

    private final Function<String, Optional<ModelProvider>> providers;
    private final WarmUpRoutes routes;
    /** the open relay's instance, null while none */
    private ProviderInstance open;

    /** {@code providers}: the bound provider of a type, if any. */
    public WarmUpRelayRoute(Function<String, Optional<ModelProvider>> providers, WarmUpRoutes routes) {
        this.providers = providers;
        this.routes = routes;
    }

    @Override
    public synchronized Optional<String> openRelay(URI listener, String secret, String upstreamModel) {
        closeRelay();
        if (listener == null || secret == null || upstreamModel == null || ID.equals(upstreamModel)) {
            return Optional.empty();
        }
        List<Route> mockRoutes = routes.mockOnly().routes(upstreamModel);
        if (mockRoutes.isEmpty()) {
            LOG.debug("No warm-up relay: '{}' is no model of the mock provider", upstreamModel);
            return Optional.empty();
        }
        Optional<ModelProvider> provider = providers.apply(TYPE);
        if (provider.isEmpty()) {
            LOG.debug("No warm-up relay: no provider of type '{}' is bound", TYPE);
            return Optional.empty();
        }
        ModelInfo upstream = mockRoutes.get(0).model();
        ModelInfo model = new ModelInfo(ID, upstreamModel, BigDecimal.ZERO, BigDecimal.ZERO, upstream.contextWindow(),
                upstream.modalities(), null, null, 0, null, null, null);
        InstanceConfig config = new InstanceConfig(ID, TYPE, listener.resolve("/v1").toString(), secret, List.of(model),
                1, Map.of());
        ProviderInstance instance;
        try {
            instance = provider.get().createInstance(config);
        } catch (RuntimeException e) {
            // the message could quote the key: the exception's type only
            LOG.info("No warm-up relay: the '{}' provider refused its instance ({})", TYPE, e.getClass().getName());
            return Optional.empty();
        }
        boolean streams = capabilities(provider.get()).contains(Capability.CHAT_STREAMING);
        List<Route> relayRoutes = instance.models().stream()
                .filter(served -> ID.equals(served.id()))
                .map(served -> new Route(instance, TYPE, served, 1, FieldPolicy.of(config),
                        new RouteHealth(Integer.MAX_VALUE, 1, System::nanoTime),
                        new GatewayMetrics(new MetricRegistry()).forRoute(ID, TYPE, ID),
                        new PluginFailures(ID, PluginLog.SLF4J)))
                .toList();
        if (relayRoutes.isEmpty()) {
            close(instance);
            return Optional.empty();
        }
        open = instance;
        routes.relay(relayRoutes, streams);
        return Optional.of(ID);
    }

    @Override
    public synchronized void closeRelay() {
        ProviderInstance instance = open;
        if (instance == null) {
            return;
        }
        open = null;
        routes.noRelay();
        close(instance);
    }

    private static void close(ProviderInstance instance) {
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.debug("The warm-up relay did not close cleanly: {}", e.getClass().getName());
        }
    }

    private static java.util.Set<Capability> capabilities(ModelProvider provider) {
        try {
            java.util.Set<Capability> declared = provider.capabilities();
            return declared == null ? java.util.Set.of() : declared;
        } catch (RuntimeException e) {
            return java.util.Set.of();
        }
    }
}
