package dev.switchboard.core.api;

import dev.switchboard.api.provider.ModelInfo;
import java.util.List;

/** A model clients can ask for, with the instances that serve it; {@code providerTypes} is parallel to {@code instanceIds}. */
public record ModelListing(ModelInfo model, List<String> instanceIds, List<String> providerTypes) {
}
