package dev.switchboard.core.internal.health;

import dev.switchboard.api.provider.InstanceConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * How often each instance is checked: core's {@code health.check.interval.ms.<instance id>} if set, else the
 * instance's own setting {@code health.check.interval.ms} (from its provider's or the operator's configuration),
 * else core's {@code health.check.interval.ms}; 0 turns checks off. {@code timeoutMillis} bounds one check.
 */
public record HealthCheckSettings(long defaultIntervalMillis, long timeoutMillis, Map<String, Long> byInstance) {

    public static final String INTERVAL_KEY = "health.check.interval.ms";
    static final String PREFIX = INTERVAL_KEY + ".";

    public HealthCheckSettings {
        byInstance = byInstance == null ? Map.of() : Map.copyOf(byInstance);
        timeoutMillis = Math.max(1, timeoutMillis);
    }

    public long intervalMillis(InstanceConfig config) {
        Long override = byInstance.get(config.id());
        if (override != null) {
            return override;
        }
        String own = config.settings().get(INTERVAL_KEY);
        if (own != null && !own.isBlank()) {
            try {
                return Long.parseLong(own.trim());
            } catch (NumberFormatException e) {
                return defaultIntervalMillis;
            }
        }
        return defaultIntervalMillis;
    }

    /** Core's settings, with the {@code health.check.interval.ms.<instance id>} keys of its raw configuration. */
    public static HealthCheckSettings of(long defaultIntervalMillis, long timeoutMillis, Map<String, ?> properties) {
        Map<String, Long> byInstance = new HashMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> {
                if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && value != null) {
                    try {
                        byInstance.put(key.substring(PREFIX.length()), Long.parseLong(value.toString().trim()));
                    } catch (NumberFormatException e) {
                        // a typo must not stop core; the default applies to that instance
                    }
                }
            });
        }
        return new HealthCheckSettings(defaultIntervalMillis, timeoutMillis, byInstance);
    }
}
