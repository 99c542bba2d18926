package dev.switchboard.api.provider;

import java.util.List;
import java.util.Map;

/**
 * The configuration of one provider instance: which provider type, where it is, its credential and
 * the models it serves. {@code apiKey} is a secret: never log it or put it in a response.
 * {@code settings} holds the type's own options (timeouts, api version, latency of the mock, ...).
 */
public record InstanceConfig(String id, String type, String baseUrl, String apiKey, List<ModelInfo> models,
                             int weight, Map<String, String> settings) {

    public InstanceConfig {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("instance id is required");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("instance type is required");
        }
        models = models == null ? List.of() : List.copyOf(models);
        weight = weight <= 0 ? 1 : weight;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * For {@link ModelProvider#createInstance}: the configuration, if it is one of the given provider
     * type; else an {@link IllegalArgumentException} naming both types.
     */
    public static InstanceConfig requireType(InstanceConfig config, String providerType) {
        if (config == null) {
            throw new IllegalArgumentException("instance config is required");
        }
        if (!providerType.equals(config.type())) {
            throw new IllegalArgumentException("instance " + config.id() + " has type '" + config.type()
                    + "', this provider is '" + providerType + "'");
        }
        return config;
    }

    public String setting(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Safe to log: everything but the key. */
    @Override
    public String toString() {
        return "InstanceConfig[id=" + id + ", type=" + type + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null || apiKey.isEmpty() ? "<none>" : "<redacted>") + ", models=" + models.size()
                + ", weight=" + weight + "]";
    }
}
