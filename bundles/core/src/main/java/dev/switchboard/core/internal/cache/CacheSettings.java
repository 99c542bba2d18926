package dev.switchboard.core.internal.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's cache policy (core configuration, {@code cache.*}): whether answers are kept per key
 * rather than per tenant; whether requests with tools or images (their answers act, or describe one
 * user's picture) are cacheable at all; which models are never cached, and shorter lives per model.
 * Model patterns are exact names or a prefix ending in {@code *}.
 */
public record CacheSettings(boolean partitionByKey, boolean cacheTools, boolean cacheImages,
                            List<String> disabledModels, Map<String, Duration> modelTtls) {

    public static final CacheSettings DEFAULTS = new CacheSettings(false, false, false, List.of(), Map.of());

    public CacheSettings {
        disabledModels = List.copyOf(disabledModels);
        modelTtls = Map.copyOf(modelTtls);
    }

    /** From the configuration's strings: {@code partition} {@code tenant|key}, lists comma-separated. */
    public static CacheSettings parse(String partition, boolean cacheTools, boolean cacheImages,
                                      String disabledModels, String modelTtls) {
        boolean byKey = switch (partition == null ? "tenant" : partition.trim()) {
            case "", "tenant" -> false;
            case "key" -> true;
            default -> throw new IllegalArgumentException("cache.partition must be tenant or key: " + partition);
        };
        Map<String, Duration> ttls = new LinkedHashMap<>();
        for (String entry : list(modelTtls)) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("cache.model.ttl entries are model=seconds: " + entry);
            }
            long seconds = Long.parseLong(entry.substring(eq + 1).trim());
            if (seconds < 1) {
                throw new IllegalArgumentException("cache.model.ttl seconds must be at least 1: " + entry);
            }
            ttls.put(entry.substring(0, eq).trim(), Duration.ofSeconds(seconds));
        }
        return new CacheSettings(byKey, cacheTools, cacheImages, list(disabledModels), ttls);
    }

    boolean disabled(String model) {
        for (String pattern : disabledModels) {
            if (matches(pattern, model)) {
                return true;
            }
        }
        return false;
    }

    /** The configured life for the model, {@code null} for none. */
    Duration ttl(String model) {
        if (modelTtls.isEmpty()) {
            return null;
        }
        Duration exact = modelTtls.get(model);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Duration> entry : modelTtls.entrySet()) {
            if (matches(entry.getKey(), model)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String model) {
        if (model == null) {
            return false;
        }
        return pattern.endsWith("*") ? model.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(model);
    }

    private static List<String> list(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
