package dev.switchboard.support.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the instance a provider bundle's own configuration describes, built from its Metatype
 * configuration: the same keys an operator gives an instance added at run time ({@code InstanceConfig.settings()}).
 * It starts with the raw configuration's keys core reads per instance, {@value #FIELD_POLICY}* (the instance's field
 * policy) and {@value #HEALTH}* (its health check interval), so every provider passes them on the same way.
 */
public final class ConfiguredSettings {

    public static final String FIELD_POLICY = "field.";
    public static final String HEALTH = "health.";

    private final Map<String, String> settings = new LinkedHashMap<>();

    private ConfiguredSettings() {
    }

    /**
     * The core keys of {@code properties} (the component's raw configuration), plus those starting with one of
     * {@code morePrefixes} (a provider's own per-model keys); a multi-valued property becomes a comma list.
     */
    public static ConfiguredSettings from(Map<String, Object> properties, String... morePrefixes) {
        ConfiguredSettings built = new ConfiguredSettings();
        properties.forEach((key, value) -> {
            if (value != null && (key.startsWith(FIELD_POLICY) || key.startsWith(HEALTH) || startsWithAny(key, morePrefixes))) {
                built.settings.put(key, value instanceof String[] items ? String.join(",", items) : String.valueOf(value));
            }
        });
        return built;
    }

    /** Sets {@code key} to the trimmed value; a missing or blank value leaves it out (the instance's default). */
    public ConfiguredSettings put(String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
        return this;
    }

    public ConfiguredSettings put(String key, long value) {
        settings.put(key, Long.toString(value));
        return this;
    }

    /** The settings so far, in the order they were put; the map does not change afterwards. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    private static boolean startsWithAny(String key, String[] prefixes) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
