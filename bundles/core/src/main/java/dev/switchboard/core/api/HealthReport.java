package dev.switchboard.core.api;

import java.util.List;

/**
 * Liveness is implied by answering; readiness means the grid is up and at least one provider instance
 * serves a model. The lists name what is bound right now.
 */
public record HealthReport(boolean ready, boolean gridUp, List<String> providerTypes, List<String> instances,
                           List<String> caches, List<String> quotas, List<String> selectionStrategies,
                           String activeSelectionStrategy, int models) {
}
