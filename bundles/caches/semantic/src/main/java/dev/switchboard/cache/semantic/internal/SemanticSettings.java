package dev.switchboard.cache.semantic.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The semantic cache's configuration, checked: the cache is on only with an embedding model, at least one chat
 * model and room for entries. A threshold above 1 is 1 (identical directions only); one not above 0 (or not a
 * number) is the default 0.95, never "everything matches".
 */
record SemanticSettings(String embeddingModel, Set<String> models, List<String> modelPrefixes, double threshold,
                        Duration ttl, int maxEntries, Duration lookupTimeout, int maxPromptChars, int maxEntryBytes) {

    static final int DEFAULT_MAX_ENTRY_BYTES = 262_144;

    static SemanticSettings of(SemanticCacheConfig config) {
        return of(config.embedding_model(), config.models(), config.similarity_threshold(),
                Duration.ofSeconds(Math.max(0, config.ttl_seconds())), config.max_entries(),
                Duration.ofMillis(Math.max(0, config.lookup_timeout_ms())), config.max_prompt_chars(),
                config.max_entry_bytes());
    }

    static SemanticSettings of(String embeddingModel, String[] models, double threshold, Duration ttl,
                               int maxEntries, Duration lookupTimeout, int maxPromptChars) {
        return of(embeddingModel, models, threshold, ttl, maxEntries, lookupTimeout, maxPromptChars,
                DEFAULT_MAX_ENTRY_BYTES);
    }

    static SemanticSettings of(String embeddingModel, String[] models, double threshold, Duration ttl,
                               int maxEntries, Duration lookupTimeout, int maxPromptChars, int maxEntryBytes) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        // a .cfg line `models = a, b` arrives as one string: split it
        for (String entry : models == null ? new String[0] : models) {
            for (String model : entry == null ? new String[0] : entry.split(",")) {
                String name = model.trim();
                if (name.endsWith("*")) {
                    prefixes.add(name.substring(0, name.length() - 1));
                } else if (!name.isEmpty()) {
                    exact.add(name);
                }
            }
        }
        double clamped = Double.isNaN(threshold) || threshold <= 0 ? 0.95 : Math.min(1.0, threshold);
        return new SemanticSettings(embeddingModel == null ? "" : embeddingModel.trim(), Set.copyOf(exact),
                List.copyOf(prefixes), clamped, ttl, maxEntries, lookupTimeout, Math.max(0, maxPromptChars),
                Math.max(0, maxEntryBytes));
    }

    boolean enabled() {
        return !embeddingModel.isEmpty() && (!models.isEmpty() || !modelPrefixes.isEmpty()) && maxEntries > 0;
    }

    /** Whether answers of {@code model} are served here (the per-model switch). */
    boolean serves(String model) {
        if (model == null) {
            return false;
        }
        if (models.contains(model)) {
            return true;
        }
        for (String prefix : modelPrefixes) {
            if (model.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
