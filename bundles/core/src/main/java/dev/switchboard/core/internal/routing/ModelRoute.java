package dev.switchboard.core.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model alias from core's configuration: {@code route.<alias> = gpt-4o, claude-sonnet-4, gpt-4o-mini} names the
 * models whose routes serve it, in order of preference (a fallback chain across models and providers), with the
 * optional {@code route.<alias>.strategy} (orders the routes within each model instead of the model's own),
 * {@code route.<alias>.timeout.ms} (the request deadline instead of {@code request.timeout.ms}) and
 * {@code route.<alias>.fallback.text} (answered, marked as a fallback, when every candidate failed) and
 * {@code route.<alias>.cache} ({@link Caching}: {@code on}, the default; {@code exact}, no semantic level;
 * {@code off}, no cache at all). Parsed when core's configuration changes and built into the {@link RoutingTable};
 * nothing is parsed per request.
 */
public record ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, String fallbackText,
                         Caching caching) {

    /** Which cache levels a route's requests use ({@code route.<alias>.cache}). */
    public enum Caching {
        /** Every level, as for a plain model. */
        ON,
        /** The exact-match levels only: no answer to a merely similar prompt (the semantic level) for this route. */
        EXACT,
        /** No level: neither answered from nor stored in any cache. */
        OFF
    }

    static final String PREFIX = "route.";
    private static final String STRATEGY = ".strategy";
    private static final String TIMEOUT = ".timeout.ms";
    private static final String FALLBACK = ".fallback.text";
    private static final String CACHE = ".cache";

    public ModelRoute {
        models = List.copyOf(models);
        caching = caching == null ? Caching.ON : caching;
    }

    public ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, String fallbackText) {
        this(alias, models, strategy, timeoutMillis, fallbackText, Caching.ON);
    }

    /** The routes configured in core's properties; a malformed setting of one route is refused, with the reason. */
    public static Map<String, ModelRoute> parse(Map<String, ?> properties, List<String> problems) {
        Map<String, List<String>> models = new LinkedHashMap<>();
        Map<String, String> strategies = new LinkedHashMap<>();
        Map<String, Long> timeouts = new LinkedHashMap<>();
        Map<String, String> fallbacks = new LinkedHashMap<>();
        Map<String, Caching> caching = new LinkedHashMap<>();
        if (properties == null) {
            return Map.of();
        }
        properties.forEach((key, value) -> {
            if (!key.startsWith(PREFIX) || value == null || value.toString().isBlank()) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            String text = value.toString().trim();
            if (rest.endsWith(STRATEGY)) {
                strategies.put(cut(rest, STRATEGY), text);
            } else if (rest.endsWith(TIMEOUT)) {
                try {
                    timeouts.put(cut(rest, TIMEOUT), Long.parseLong(text));
                } catch (NumberFormatException e) {
                    problems.add(key + " is not a number of milliseconds: " + text);
                }
            } else if (rest.endsWith(FALLBACK)) {
                fallbacks.put(cut(rest, FALLBACK), value.toString());
            } else if (rest.endsWith(CACHE)) {
                switch (text.toLowerCase(java.util.Locale.ROOT)) {
                    case "on" -> caching.put(cut(rest, CACHE), Caching.ON);
                    case "exact" -> caching.put(cut(rest, CACHE), Caching.EXACT);
                    case "off" -> caching.put(cut(rest, CACHE), Caching.OFF);
                    default -> problems.add(key + " must be on, exact or off: " + text);
                }
            } else if (!rest.isEmpty()) {
                List<String> list = new ArrayList<>();
                for (String model : text.split(",")) {
                    if (!model.isBlank() && !list.contains(model.trim())) {
                        list.add(model.trim());
                    }
                }
                models.put(rest, list);
            }
        });
        Map<String, ModelRoute> routes = new LinkedHashMap<>();
        models.forEach((alias, list) -> {
            if (list.isEmpty()) {
                problems.add(PREFIX + alias + " names no model");
                return;
            }
            routes.put(alias, new ModelRoute(alias, list, strategies.get(alias), timeouts.getOrDefault(alias, 0L),
                    fallbacks.get(alias), caching.get(alias)));
        });
        for (String alias : strategies.keySet()) {
            if (!models.containsKey(alias)) {
                problems.add(PREFIX + alias + STRATEGY + " belongs to no route (" + PREFIX + alias + " is not set)");
            }
        }
        return Map.copyOf(routes);
    }

    private static String cut(String rest, String suffix) {
        return rest.substring(0, rest.length() - suffix.length());
    }
}
