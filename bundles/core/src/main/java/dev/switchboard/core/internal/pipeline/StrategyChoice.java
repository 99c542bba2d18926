package dev.switchboard.core.internal.pipeline;

import java.util.HashMap;
import java.util.Map;

/** Reads the per-model strategy keys {@code selection.strategy.<model id> = <strategy name>} of core's config. */
public final class StrategyChoice {

    static final String PREFIX = "selection.strategy.";

    private StrategyChoice() {
    }

    public static Map<String, String> byModel(Map<String, ?> properties) {
        Map<String, String> byModel = new HashMap<>();
        if (properties == null) {
            return byModel;
        }
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && value != null
                    && !value.toString().isBlank()) {
                byModel.put(key.substring(PREFIX.length()), value.toString().trim());
            }
        });
        return byModel;
    }
}
