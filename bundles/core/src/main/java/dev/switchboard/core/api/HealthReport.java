package dev.switchboard.core.api;

import java.util.List;
import java.util.Map;

/**
 * Liveness is implied by answering; readiness means the grid is up, at least one provider instance serves a
 * model, and every model served has at least one route whose circuit is not open ({@code unservedModels} names
 * those that have none). The lists name what is bound right now, and what a plugin author needs to see when
 * their plugin is not serving: instances whose creation failed and plugin bundles that cannot resolve.
 * {@code providerBundles} maps each bound provider type to its bundle ("symbolic-name version").
 */
public record HealthReport(boolean ready, boolean gridUp, List<String> providerTypes, List<String> instances,
                           List<String> caches, List<String> quotas, List<String> selectionStrategies,
                           String activeSelectionStrategy, int models, Map<String, String> providerBundles,
                           List<FailedInstance> failedInstances, List<UnresolvedBundle> unresolvedBundles,
                           List<String> unservedModels) {

    public HealthReport {
        providerBundles = providerBundles == null ? Map.of() : Map.copyOf(providerBundles);
        failedInstances = failedInstances == null ? List.of() : List.copyOf(failedInstances);
        unresolvedBundles = unresolvedBundles == null ? List.of() : List.copyOf(unresolvedBundles);
        unservedModels = unservedModels == null ? List.of() : List.copyOf(unservedModels);
    }

    /** Every model with a serving route. */
    public HealthReport(boolean ready, boolean gridUp, List<String> providerTypes, List<String> instances,
                        List<String> caches, List<String> quotas, List<String> selectionStrategies,
                        String activeSelectionStrategy, int models, Map<String, String> providerBundles,
                        List<FailedInstance> failedInstances, List<UnresolvedBundle> unresolvedBundles) {
        this(ready, gridUp, providerTypes, instances, caches, quotas, selectionStrategies, activeSelectionStrategy,
                models, providerBundles, failedInstances, unresolvedBundles, List.of());
    }

    /** Without the plugin diagnostics (nothing failed, nothing unresolved). */
    public HealthReport(boolean ready, boolean gridUp, List<String> providerTypes, List<String> instances,
                        List<String> caches, List<String> quotas, List<String> selectionStrategies,
                        String activeSelectionStrategy, int models) {
        this(ready, gridUp, providerTypes, instances, caches, quotas, selectionStrategies, activeSelectionStrategy,
                models, Map.of(), List.of(), List.of(), List.of());
    }

    /** A configured instance its provider refused to create; {@code reason} is the provider's message, key cut out. */
    public record FailedInstance(String instanceId, String providerType, String bundle, String reason) {
    }

    /**
     * An installed Switchboard plugin bundle the framework cannot resolve, with the requirements nothing
     * provides (e.g. {@code osgi.wiring.package; (osgi.wiring.package=com.example.missing)}).
     */
    public record UnresolvedBundle(long bundleId, String bundle, String location, List<String> missing) {
    }
}
