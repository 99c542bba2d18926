package dev.switchboard.api.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of extension maps; unlike {@link Map#copyOf} they keep JSON nulls and key order. */
public final class Extensions {

    private Extensions() {
    }

    public static Map<String, Object> copyOf(Map<String, Object> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
