package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.RouteMetrics;

/**
 * One way to serve a model: an instance, the model as that instance knows it, the operator's policy for
 * what may be sent to it, and the live health and metrics of this pairing. Built when the routing table is
 * rebuilt, so the hot path allocates none of it.
 */
public record Route(ProviderInstance instance, String providerType, ModelInfo model, int weight,
                    FieldPolicy policy, RouteHealth health, RouteMetrics metrics) {

    public String instanceId() {
        return instance.id();
    }
}
