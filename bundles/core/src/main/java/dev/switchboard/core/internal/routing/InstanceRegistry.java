package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.api.HealthReport.FailedInstance;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.plugins.BundleLabel;
import dev.switchboard.core.internal.plugins.PluginFailures;
import dev.switchboard.core.internal.plugins.PluginLog;
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
    private final Map<String, PluginFailures> failuresByInstance = new ConcurrentHashMap<>();
    // instance id -> why its provider refused to create it; cleared when one with that id is created
    private final Map<String, FailedInstance> failedInstances = new LinkedHashMap<>();
    private final PluginLog pluginLog;
    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);
    private final GatewayMetrics metrics;
    private final java.util.function.Function<String, RouteHealth> healthFactory;
    // model aliases (route.<alias> in core's config), built into every table
    private Map<String, ModelRoute> modelRoutes = Map.of();

    public InstanceRegistry(GatewayMetrics metrics, Supplier<RouteHealth> healthFactory) {
        this(metrics, healthFactory, PluginLog.SLF4J);
    }

    public InstanceRegistry(GatewayMetrics metrics, Supplier<RouteHealth> healthFactory, PluginLog pluginLog) {
        this(metrics, id -> healthFactory.get(), pluginLog);
    }

    /** {@code healthFactory} makes the health of an instance id (with that instance's circuit breaker). */
    public InstanceRegistry(GatewayMetrics metrics, java.util.function.Function<String, RouteHealth> healthFactory,
                            PluginLog pluginLog) {
        this.metrics = metrics;
        this.healthFactory = healthFactory;
        this.pluginLog = pluginLog;
    }

    /** The model aliases every table is built with from now on; the current table gets them at once. */
    public synchronized void configureRoutes(Map<String, ModelRoute> routes) {
        modelRoutes = Map.copyOf(routes);
        table.set(table.get().withAliases(modelRoutes));
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
            failedInstances.remove(id);
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
        String bundle = BundleLabel.of(provider);
        try {
            // a policy that does not parse must not leave the instance serving without it
            FieldPolicy.of(config);
            ProviderInstance instance = provider.createInstance(config);
            failuresOf(config.id()).rearm(provider.type(), bundle, config.apiKey());
            failedInstances.remove(config.id());
            LOG.info("Provider instance '{}' ({}, bundle {}) is serving {} model(s)", config.id(), provider.type(),
                    bundle, instance.models().size());
            return Optional.of(instance);
        } catch (RuntimeException e) {
            String reason = PluginFailures.describe(e, config.apiKey());
            failedInstances.put(config.id(), new FailedInstance(config.id(), provider.type(), bundle, reason));
            PluginFailures.logCreateFailure(pluginLog, "Provider instance '" + config.id() + "' of type '"
                    + provider.type() + "' (bundle " + bundle + ") could not be created: " + reason, e, config.apiKey());
            return Optional.empty();
        }
    }

    private PluginFailures failuresOf(String instanceId) {
        return failuresByInstance.computeIfAbsent(instanceId, id -> new PluginFailures(id, pluginLog));
    }

    /** Marks the instance as closed by core first, so what it fails with from now on reads as "going away". */
    private void close(ProviderInstance instance) {
        failuresOf(instance.id()).closing(instance);
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
            failedInstances.values().removeIf(failed -> failed.providerType().equals(provider.type()));
            operatorCreated.values().removeIf(instance -> removed.contains(instance));
            adoptInstancesOf(provider.type());
            rebuild();
        }
        removed.forEach(this::close);
    }

    /**
     * A provider of a type left while another of the same type stays (a new version of a bundle installed
     * beside the old one, then the old one removed): the one that stays takes over the instance ids that
     * were taken until now, in the same table swap, so the model never goes unserved.
     */
    private void adoptInstancesOf(String type) {
        for (Map.Entry<ModelProvider, List<ProviderInstance>> entry : instancesByProvider.entrySet()) {
            ModelProvider successor = entry.getKey();
            if (!successor.type().equals(type)) {
                continue;
            }
            for (InstanceConfig config : successor.configuredInstances()) {
                if (!instanceExists(config.id())) {
                    create(successor, config).ifPresent(entry.getValue()::add);
                }
            }
            for (InstanceConfig config : operatorInstances.values()) {
                if (config.type().equals(type) && !operatorCreated.containsKey(config.id())) {
                    create(successor, config).ifPresent(instance -> {
                        entry.getValue().add(instance);
                        operatorCreated.put(config.id(), instance);
                    });
                }
            }
        }
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

    /** Each bound provider type with the bundle it comes from. */
    public synchronized Map<String, String> providerBundles() {
        Map<String, String> bundles = new LinkedHashMap<>();
        instancesByProvider.keySet().forEach(provider -> bundles.put(provider.type(), BundleLabel.of(provider)));
        return bundles;
    }

    /**
     * Operator instances not serving yet because no provider of their type is bound (neither created nor
     * refused): what the start-up readiness gate waits for.
     */
    public synchronized List<String> waitingInstances() {
        List<String> waiting = new ArrayList<>();
        for (String id : operatorInstances.keySet()) {
            if (!operatorCreated.containsKey(id) && !failedInstances.containsKey(id)) {
                waiting.add(id);
            }
        }
        return waiting;
    }

    public synchronized List<FailedInstance> failedInstances() {
        return List.copyOf(failedInstances.values());
    }

    /** Failures per instance and error code since start, for instances that failed at all. */
    public List<StatsReport.Failures> failureCounts() {
        List<StatsReport.Failures> result = new ArrayList<>();
        failuresByInstance.forEach((id, failures) -> failures.counts().forEach((code, count) ->
                result.add(new StatsReport.Failures(id, code.name(), count))));
        result.sort(java.util.Comparator.comparing(StatsReport.Failures::instanceId)
                .thenComparing(StatsReport.Failures::code));
        return result;
    }

    /** The first bound provider of a type (the start-up warm-up's relay asks for {@code openai}). */
    public synchronized Optional<ModelProvider> provider(String type) {
        return instancesByProvider.keySet().stream().filter(provider -> type.equals(provider.type())).findFirst();
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
                FieldPolicy policy = policyOf(instance);
                for (ModelInfo model : instance.models()) {
                    RouteHealth health = healthByRoute.computeIfAbsent(instance.id(), healthFactory);
                    routes.add(new Route(instance, provider.type(), model, instance.config().weight(), policy,
                            health, metrics.forRoute(instance.id(), provider.type(), model.id()), failuresOf(instance.id())));
                }
            }
        });
        table.set(RoutingTable.of(routes, route -> streamingTypes.contains(route.providerType()))
                .withAliases(modelRoutes));
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

    private static FieldPolicy policyOf(ProviderInstance instance) {
        try {
            return FieldPolicy.of(instance.config());
        } catch (RuntimeException e) {
            // checked when the instance was created; a provider that changed its config since is refused everything
            LOG.error("Provider instance '{}' has an invalid field policy: {}", instance.id(), e.getMessage());
            return FieldPolicy.denyingAll();
        }
    }
}
