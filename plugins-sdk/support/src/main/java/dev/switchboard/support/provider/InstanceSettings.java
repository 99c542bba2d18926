package dev.switchboard.support.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    /**
     * An upstream URL: {@code base} (trailing slashes dropped) followed by {@code path}. It must be an absolute http
     * or https URL without credentials or a query, since secrets travel in headers only and a URL is always safe
     * to show in a message.
     *
     * @param key the setting {@code base} came from, named in the message when it is wrong
     */
    public static URI httpUrl(String base, String path, String key) {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        String root = base.trim();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(root + (path == null ? "" : path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a valid URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null || root.indexOf('?') >= 0 || root.indexOf('#') >= 0) {
            throw new IllegalArgumentException(key + " must not carry credentials or a query");
        }
        return uri;
    }

    /**
     * The settings whose keys start with {@code prefix}, the prefix cut off, in their order (e.g. extra request
     * headers {@code header.X-Title = ...}).
     */
    public static Map<String, String> withPrefix(Map<String, String> settings, String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length() && value != null) {
                found.put(name.substring(prefix.length()), value.trim());
            }
        });
        return found;
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
