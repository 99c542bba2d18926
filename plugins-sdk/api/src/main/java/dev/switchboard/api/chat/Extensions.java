package dev.switchboard.api.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of extension maps; unlike {@link Map#copyOf} they keep JSON nulls and key order. */
public final class Extensions {

    private static final Class<?> SINGLETON = Collections.singletonMap("", null).getClass();

    private Extensions() {
    }

    public static Map<String, Object> copyOf(Map<String, Object> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        if (source.getClass() == SINGLETON) {
            // already immutable: streamed chunks often carry one field (logprobs: null), so no copy per chunk
            return source;
        }
        if (source.size() == 1) {
            Map.Entry<String, Object> only = source.entrySet().iterator().next();
            return Collections.singletonMap(only.getKey(), only.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
