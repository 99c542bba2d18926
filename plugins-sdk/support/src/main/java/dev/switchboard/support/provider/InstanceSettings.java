package dev.switchboard.support.provider;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reading of a provider instance's settings ({@code InstanceConfig.settings()}, or the same keys built
 * from a bundle's Metatype configuration). A blank or missing value is the fallback; a malformed one throws an
 * {@link IllegalArgumentException} naming the key and the value, which {@code createInstance} passes on so
 * the operator sees what is wrong. Values never hold secrets (the API key travels apart), so naming them is safe.
 */
public final class InstanceSettings {

    private InstanceSettings() {
    }

    /** The trimmed value, or {@code null} when missing or blank. */
    public static String text(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A whole number. */
    public static long longValue(Map<String, String> settings, String key, long fallback) {
        String value = text(settings, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
        }
    }

    /** A whole number that must not be negative. */
    public static long notNegative(Map<String, String> settings, String key, long fallback) {
        long value = longValue(settings, key, fallback);
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative, was " + value);
        }
        return value;
    }

    /** A decimal number. */
    public static double doubleValue(Map<String, String> settings, String key, double fallback) {
        String value = text(settings, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }

    /** A positive number of milliseconds (timeouts: zero would mean "fail at once", never what is meant). */
    public static Duration millis(Map<String, String> settings, String key, long fallbackMillis) {
        String value = text(settings, key);
        if (value == null) {
            return Duration.ofMillis(fallbackMillis);
        }
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds, was '" + value + "'", e);
        }
        if (millis <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** One of an enum's constants, by name in any case. */
    public static <E extends Enum<E>> E enumValue(Map<String, String> settings, String key, Class<E> type, E fallback) {
        String value = text(settings, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()), e);
        }
    }
}
