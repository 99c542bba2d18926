package dev.switchboard.core.internal.routing;

import dev.switchboard.core.api.RouteDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model alias: {@code route.<alias> = gpt-4o, claude-sonnet-4, gpt-4o-mini} in core's configuration (or the same
 * set at run time, {@code switchboard:route-set} / {@code PUT /admin/routes/<alias>}) names the models whose routes
 * serve it, in order of preference (a fallback chain across models and providers), with the optional
 * {@code route.<alias>.strategy} (orders the routes within each model instead of the model's own),
 * {@code route.<alias>.timeout.ms} (the request deadline instead of {@code request.timeout.ms}),
 * {@code route.<alias>.max.attempts} and {@code route.<alias>.retry.backoff.ms} (the retry policy instead of the
 * gateway's), {@code route.<alias>.fallback.text} (answered, marked as a fallback, when every candidate failed) and
 * {@code route.<alias>.cache} ({@link Caching}: {@code on}, the default; {@code exact}, no semantic level;
 * {@code off}, no cache at all). Parsed when core's configuration changes and built into the {@link RoutingTable};
 * nothing is parsed per request. {@code maxAttempts} 0 and {@code retryBackoffMillis} -1 inherit the gateway's
 * settings.
 */
public record ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, int maxAttempts,
                         long retryBackoffMillis, String fallbackText, Caching caching) {

    /** Which cache levels a route's requests use ({@code route.<alias>.cache}). */
    public enum Caching {
        /** Every level, as for a plain model. */
        ON,
        /** The exact-match levels only: no answer to a merely similar prompt (the semantic level) for this route. */
        EXACT,
        /** No level: neither answered from nor stored in any cache. */
        OFF;

        /** {@code on}, {@code exact} or {@code off} (any case); null for anything else. */
        public static Caching named(String name) {
            if (name == null) {
                return null;
            }
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> ON;
                case "exact" -> EXACT;
                case "off" -> OFF;
                default -> null;
            };
        }
    }

    static final String PREFIX = "route.";
    private static final String STRATEGY = ".strategy";
    private static final String TIMEOUT = ".timeout.ms";
    private static final String ATTEMPTS = ".max.attempts";
    private static final String BACKOFF = ".retry.backoff.ms";
    private static final String FALLBACK = ".fallback.text";
    private static final String CACHE = ".cache";
    private static final List<String> SUFFIXES = List.of(STRATEGY, TIMEOUT, ATTEMPTS, BACKOFF, FALLBACK, CACHE);

    /** Names a client can send as {@code model} and an operator can type: no spaces, separators or controls. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}");
    static final int MAX_MODELS = 32;
    static final int MAX_ATTEMPTS = 20;
    static final long MAX_TIMEOUT_MILLIS = 3_600_000;
    static final long MAX_BACKOFF_MILLIS = 60_000;
    static final int MAX_FALLBACK_CHARS = 8192;

    public ModelRoute {
        models = List.copyOf(models);
        caching = caching == null ? Caching.ON : caching;
    }

    /** A route without a retry policy of its own, cached as a plain model. */
    public ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, String fallbackText) {
        this(alias, models, strategy, timeoutMillis, fallbackText, Caching.ON);
    }

    /** A route without a retry policy of its own. */
    public ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, String fallbackText,
                      Caching caching) {
        this(alias, models, strategy, timeoutMillis, 0, RouteDefinition.DEFAULT_BACKOFF, fallbackText, caching);
    }

    /** A route cached as a plain model. */
    public ModelRoute(String alias, List<String> models, String strategy, long timeoutMillis, int maxAttempts,
                      long retryBackoffMillis, String fallbackText) {
        this(alias, models, strategy, timeoutMillis, maxAttempts, retryBackoffMillis, fallbackText, Caching.ON);
    }

    /**
     * The route of a definition from the shell or the admin API, checked: a name clients can send, 1 to
     * {@value #MAX_MODELS} model names, bounded timeout, attempts, back-off and fallback text.
     *
     * @throws IllegalArgumentException saying what is wrong, for the operator
     */
    public static ModelRoute of(RouteDefinition definition) {
        if (definition == null) {
            throw new IllegalArgumentException("a route needs an alias and models");
        }
        String alias = definition.alias() == null ? "" : definition.alias().trim();
        if (!NAME.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias '" + alias + "' must be 1-128 letters, digits or ._:/@+- "
                    + "starting with a letter or digit");
        }
        List<String> models = new ArrayList<>();
        for (String model : definition.models()) {
            String name = model == null ? "" : model.trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model '" + name + "' is not a model name");
            }
            if (name.equals(alias)) {
                throw new IllegalArgumentException("route '" + alias + "' cannot name itself as a model");
            }
            if (!models.contains(name)) {
                models.add(name);
            }
        }
        if (models.isEmpty() || models.size() > MAX_MODELS) {
            throw new IllegalArgumentException("a route names 1 to " + MAX_MODELS + " models");
        }
        String strategy = definition.strategy() == null || definition.strategy().isBlank() ? null
                : definition.strategy().trim();
        if (strategy != null && !NAME.matcher(strategy).matches()) {
            throw new IllegalArgumentException("strategy '" + strategy + "' is not a strategy name");
        }
        if (definition.timeoutMillis() < 0 || definition.timeoutMillis() > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeout_ms must be 0 (the gateway's) to " + MAX_TIMEOUT_MILLIS);
        }
        if (definition.maxAttempts() < 0 || definition.maxAttempts() > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("max_attempts must be 0 (the gateway's) to " + MAX_ATTEMPTS);
        }
        if (definition.retryBackoffMillis() < RouteDefinition.DEFAULT_BACKOFF
                || definition.retryBackoffMillis() > MAX_BACKOFF_MILLIS) {
            throw new IllegalArgumentException("retry_backoff_ms must be 0 to " + MAX_BACKOFF_MILLIS
                    + " (or absent: the gateway's)");
        }
        String fallback = definition.fallbackText();
        if (fallback != null && (fallback.isEmpty() || fallback.length() > MAX_FALLBACK_CHARS)) {
            throw new IllegalArgumentException("fallback_text must be 1 to " + MAX_FALLBACK_CHARS + " characters");
        }
        Caching caching = definition.cache() == null ? Caching.ON : Caching.named(definition.cache());
        if (caching == null) {
            throw new IllegalArgumentException("cache must be on, exact or off");
        }
        return new ModelRoute(alias, models, strategy, definition.timeoutMillis(), definition.maxAttempts(),
                definition.retryBackoffMillis(), fallback, caching);
    }

    public RouteDefinition definition() {
        return new RouteDefinition(alias, models, strategy, timeoutMillis, maxAttempts, retryBackoffMillis,
                fallbackText, caching == Caching.ON ? null : caching.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether this route changes the gateway's retry policy (so its requests get settings of their own). */
    public boolean hasRetryPolicy() {
        return maxAttempts > 0 || retryBackoffMillis >= 0;
    }

    /** The routes configured in core's properties; a malformed setting of one route is refused, with the reason. */
    public static Map<String, ModelRoute> parse(Map<String, ?> properties, List<String> problems) {
        Map<String, List<String>> models = new LinkedHashMap<>();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        if (properties == null) {
            return Map.of();
        }
        properties.forEach((key, value) -> {
            if (!key.startsWith(PREFIX) || value == null || value.toString().isBlank()) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            for (String suffix : SUFFIXES) {
                if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                    settings.computeIfAbsent(cut(rest, suffix), a -> new LinkedHashMap<>())
                            .put(suffix, FALLBACK.equals(suffix) ? value.toString() : value.toString().trim());
                    return;
                }
            }
            if (!rest.isEmpty()) {
                List<String> list = new ArrayList<>();
                for (String model : value.toString().trim().split(",")) {
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
            Map<String, String> own = settings.getOrDefault(alias, Map.of());
            Caching caching = Caching.named(own.get(CACHE));
            if (own.get(CACHE) != null && caching == null) {
                problems.add(PREFIX + alias + CACHE + " must be on, exact or off: " + own.get(CACHE));
            }
            routes.put(alias, new ModelRoute(alias, list, own.get(STRATEGY),
                    number(alias, TIMEOUT, own, 0, problems), (int) number(alias, ATTEMPTS, own, 0, problems),
                    number(alias, BACKOFF, own, RouteDefinition.DEFAULT_BACKOFF, problems), own.get(FALLBACK),
                    caching));
        });
        for (String alias : settings.keySet()) {
            if (!models.containsKey(alias)) {
                problems.add(PREFIX + alias + settings.get(alias).keySet().iterator().next() + " belongs to no route ("
                        + PREFIX + alias + " is not set)");
            }
        }
        return Map.copyOf(routes);
    }

    private static long number(String alias, String suffix, Map<String, String> own, long absent,
                               List<String> problems) {
        String text = own.get(suffix);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= (ATTEMPTS.equals(suffix) ? MAX_ATTEMPTS : Integer.MAX_VALUE)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(PREFIX + alias + suffix + " is not a number in range: " + text);
        return absent;
    }

    private static String cut(String rest, String suffix) {
        return rest.substring(0, rest.length() - suffix.length());
    }
}
