package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider instances that exist right now, per bound provider service, and the routing table
 * derived from them. Providers come and go on OSGi threads; every change builds a new table and swaps
 * it in, so requests in flight keep the table they started with.
 */
public final class InstanceRegistry implements Supplier<RoutingTable> {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);

    // insertion order is routing order when no selection strategy is bound
    private final Map<ModelProvider, List<ProviderInstance>> instancesByProvider = new LinkedHashMap<>();
    private final Map<String, InstanceConfig> operatorInstances = new LinkedHashMap<>();
    // the very objects created for operator configs, so removing one never touches a provider's own
    private final Map<String, ProviderInstance> operatorCreated = new LinkedHashMap<>();
    private final Map<String, RouteHealth> healthByRoute = new ConcurrentHashMap<>();
    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);
    private final GatewayMetrics metrics;
    private final Supplier<RouteHealth> healthFactory;

    public InstanceRegistry(GatewayMetrics metrics, Supplier<RouteHealth> healthFactory) {
        this.metrics = metrics;
        this.healthFactory = healthFactory;
    }

    @Override
    public RoutingTable get() {
        return table.get();
    }

    /**
     * Creates the instances the provider's own configuration asks for, and the operator's instances of
     * its type, and routes to them.
     */
    public synchronized void addProvider(ModelProvider provider) {
        List<ProviderInstance> created = new ArrayList<>();
        instancesByProvider.put(provider, created);
        for (InstanceConfig config : provider.configuredInstances()) {
            create(provider, config).ifPresent(created::add);
        }
        for (InstanceConfig config : operatorInstances.values()) {
            if (config.type().equals(provider.type())) {
                create(provider, config).ifPresent(instance -> {
                    created.add(instance);
                    operatorCreated.put(config.id(), instance);
                });
            }
        }
        rebuild();
    }

    /**
     * An instance an operator configured. Served as soon as a provider of its type is bound (now, or
     * when one arrives); a second definition with the same id replaces the first.
     */
    public void addOperatorInstance(InstanceConfig config) {
        removeOperatorInstance(config.id());
        synchronized (this) {
            operatorInstances.put(config.id(), config);
            for (Map.Entry<ModelProvider, List<ProviderInstance>> entry : instancesByProvider.entrySet()) {
                if (entry.getKey().type().equals(config.type())) {
                    create(entry.getKey(), config).ifPresent(instance -> {
                        entry.getValue().add(instance);
                        operatorCreated.put(config.id(), instance);
                    });
                    rebuild();
                    return;
                }
            }
            LOG.info("Provider instance '{}' waits for a provider of type '{}'", config.id(), config.type());
        }
    }

    public void removeOperatorInstance(String id) {
        ProviderInstance removed = null;
        synchronized (this) {
            if (operatorInstances.remove(id) == null) {
                return;
            }
            removed = operatorCreated.remove(id);
            if (removed != null) {
                for (List<ProviderInstance> instances : instancesByProvider.values()) {
                    ProviderInstance target = removed;
                    instances.removeIf(instance -> instance == target);
                }
            }
            rebuild();
        }
        if (removed != null) {
            close(removed);
        }
    }

    private Optional<ProviderInstance> create(ModelProvider provider, InstanceConfig config) {
        if (instanceExists(config.id())) {
            LOG.warn("Provider instance id '{}' of type '{}' is already in use; instance skipped",
                    config.id(), provider.type());
            return Optional.empty();
        }
        try {
            ProviderInstance instance = provider.createInstance(config);
            LOG.info("Provider instance '{}' ({}) is serving {} model(s)", config.id(), provider.type(),
                    instance.models().size());
            return Optional.of(instance);
        } catch (RuntimeException e) {
            LOG.error("Provider instance '{}' of type '{}' could not be created: {}", config.id(),
                    provider.type(), e.getMessage());
            return Optional.empty();
        }
    }

    private static void close(ProviderInstance instance) {
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.warn("Provider instance '{}' did not close cleanly: {}", instance.id(), e.getMessage());
        }
        LOG.info("Provider instance '{}' removed", instance.id());
    }

    /** Stops routing to the provider's instances first, then closes them. */
    public void removeProvider(ModelProvider provider) {
        List<ProviderInstance> removed;
        synchronized (this) {
            removed = instancesByProvider.remove(provider);
            if (removed == null) {
                return;
            }
            operatorCreated.values().removeIf(instance -> removed.contains(instance));
            rebuild();
        }
        removed.forEach(InstanceRegistry::close);
    }

    public synchronized void closeAll() {
        for (ModelProvider provider : new ArrayList<>(instancesByProvider.keySet())) {
            removeProvider(provider);
        }
    }

    public synchronized Map<String, String> instanceTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        instancesByProvider.forEach((provider, instances) ->
                instances.forEach(instance -> types.put(instance.id(), provider.type())));
        return types;
    }

    public synchronized List<String> providerTypes() {
        return instancesByProvider.keySet().stream().map(ModelProvider::type).sorted().toList();
    }

    private boolean instanceExists(String id) {
        return instancesByProvider.values().stream().flatMap(List::stream).anyMatch(i -> i.id().equals(id));
    }

    private void rebuild() {
        List<Route> routes = new ArrayList<>();
        Set<String> streamingTypes = new HashSet<>();
        instancesByProvider.forEach((provider, instances) -> {
            if (capabilities(provider).contains(Capability.CHAT_STREAMING)) {
                streamingTypes.add(provider.type());
            }
            for (ProviderInstance instance : instances) {
                for (ModelInfo model : instance.models()) {
                    RouteHealth health = healthByRoute.computeIfAbsent(instance.id(), id -> healthFactory.get());
                    routes.add(new Route(instance, provider.type(), model, instance.config().weight(), health,
                            metrics.forRoute(instance.id(), model.id())));
                }
            }
        });
        table.set(RoutingTable.of(routes, route -> streamingTypes.contains(route.providerType())));
    }

    /** A provider's declared capabilities; none when it fails to say (a plugin bug must not stop the rebuild). */
    private static Set<Capability> capabilities(ModelProvider provider) {
        try {
            Set<Capability> declared = provider.capabilities();
            return declared == null ? Set.of() : declared;
        } catch (RuntimeException e) {
            return Set.of();
        }
    }
}
