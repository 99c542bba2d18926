package dev.switchboard.core.api;

import java.util.Locale;

/**
 * A key's answer-cache setting, applied over whatever the request asks: {@link #DEFAULT} leaves the request's
 * and the operator's settings alone, {@link #OFF} neither reads nor fills any cache, {@link #KEY} keeps the key's
 * answers in a partition of their own (never shared with another key of the same tenant).
 */
public enum CacheMode {
    DEFAULT, OFF, KEY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code default}, {@code off} or {@code key}; null or blank is {@link #DEFAULT}. */
    public static CacheMode fromWire(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        for (CacheMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown cache setting '" + text.trim() + "' (default, off, key)");
    }
}
