package dev.switchboard.quota.rpm.internal;

import java.util.HashMap;
import java.util.Map;

/** Requests-per-minute limit for each key: the default, or the key's override. 0 or less means unlimited. */
final class KeyLimits {

    private final long defaultLimit;
    private final Map<String, Long> overrides;

    KeyLimits(long defaultLimit, Map<String, Long> overrides) {
        this.defaultLimit = defaultLimit;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Parses {@code keyId=limit} entries. An entry may hold several, comma-separated, because a Karaf
     * {@code .cfg} file delivers {@code limits = a=10, b=20} as one string.
     *
     * @throws IllegalArgumentException naming the malformed entry, so a typo is visible in the log
     *                                  instead of silently leaving a key at the default
     */
    static KeyLimits parse(long defaultLimit, String[] entries) {
        Map<String, Long> overrides = new HashMap<>();
        if (entries != null) {
            for (String entry : entries) {
                if (entry == null) {
                    continue;
                }
                for (String part : entry.split(",")) {
                    String item = part.trim();
                    if (!item.isEmpty()) {
                        addOverride(overrides, item);
                    }
                }
            }
        }
        return new KeyLimits(defaultLimit, overrides);
    }

    private static void addOverride(Map<String, Long> overrides, String item) {
        int eq = item.lastIndexOf('=');
        String keyId = eq < 0 ? "" : item.substring(0, eq).trim();
        String value = eq < 0 ? "" : item.substring(eq + 1).trim();
        if (keyId.isEmpty()) {
            throw new IllegalArgumentException("limits entry '" + item + "' is not keyId=limit");
        }
        try {
            overrides.put(keyId, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limits entry for key '" + keyId + "' has no numeric limit", e);
        }
    }

    long limitFor(String keyId) {
        Long override = overrides.get(keyId);
        return override == null ? defaultLimit : override;
    }
}
