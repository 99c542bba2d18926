package dev.switchboard.api.selection;

import dev.switchboard.api.provider.ModelInfo;

/** One provider instance that can serve the requested model, with what selection needs to rank it. */
public record Candidate(String instanceId, String providerType, ModelInfo model, int weight, CandidateStats stats) {
}
