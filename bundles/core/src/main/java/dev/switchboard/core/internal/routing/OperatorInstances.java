package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.InstanceConfig;

/** Where operator-defined provider instances are handed to the gateway (a service private to core). */
public interface OperatorInstances {

    void add(InstanceConfig config);

    void remove(String instanceId);
}
