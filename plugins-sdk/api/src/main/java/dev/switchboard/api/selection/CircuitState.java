package dev.switchboard.api.selection;

/**
 * Where an instance's circuit breaker stands: {@code CLOSED} takes traffic, {@code OPEN} keeps it away (on every
 * node of a cluster), {@code HALF_OPEN} lets a bounded number of probe requests through to see whether it
 * recovered.
 */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN
}
