package dev.switchboard.core.internal.circuit;

import dev.switchboard.api.selection.CircuitState;

/** Told of a breaker's own transitions to open or closed (not of half-open, which each node probes itself). */
@FunctionalInterface
public interface CircuitListener {

    CircuitListener NONE = (instanceId, state) -> { };

    void transitioned(String instanceId, CircuitState state);
}
