package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.RouteMetrics;
import dev.switchboard.core.internal.plugins.PluginFailures;

/**
 * One way to serve a model: an instance, the model as that instance knows it, the operator's policy for
 * what may be sent to it, the live health and metrics of this pairing, and the failure log of the instance.
 * Built when the routing table is rebuilt, so the hot path allocates none of it.
 */
public record Route(ProviderInstance instance, String providerType, ModelInfo model, int weight,
                    FieldPolicy policy, RouteHealth health, RouteMetrics metrics, PluginFailures failures) {

    public String instanceId() {
        return instance.id();
    }

    /** Whether core closed this route's instance (it was removed), so its failures are not bugs. */
    public boolean closedByCore() {
        return failures.closedByCore(instance);
    }
}
