package dev.switchboard.core.internal.cache;

import java.util.Locale;

/**
 * A virtual key's own cache setting, applied over the request's directives and the operator's policy: {@code default}
 * (the policy as it is), {@code off} (the key's requests are neither answered from nor stored in any cache, whatever
 * they ask), {@code isolated} (its answers are kept apart from every other key's, as if {@code cache.partition=key}
 * held for this key only: a partition {@code k=<key id>} in the scope). A key can only narrow caching, never widen
 * it: nothing here opts a request in.
 */
public enum KeyCaching {
    DEFAULT,
    OFF,
    ISOLATED;

    /** {@code default|off|isolated} (any case; null or blank: default); anything else is refused. */
    public static KeyCaching parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT;
        }
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "off" -> OFF;
            case "isolated" -> ISOLATED;
            default -> throw new IllegalArgumentException("a key's cache setting is default, off or isolated: " + setting);
        };
    }
}
