package dev.switchboard.core.api;

import java.util.List;

/**
 * A route: a model name clients may ask for ({@code alias}) served by the routes of {@code models} in that order
 * (a fallback chain across models and providers), with its own selection strategy within each model, deadline,
 * retry policy and never-throw answer. {@code 0} for {@code timeoutMillis} and {@code maxAttempts} and {@code -1}
 * for {@code retryBackoffMillis} mean "the gateway's setting"; a null {@code strategy} means each model's own, a
 * null {@code fallbackText} that the route answers errors as errors. {@code cache}: {@code on} (null: the same),
 * {@code exact} (no semantic level) or {@code off}.
 */
public record RouteDefinition(String alias, List<String> models, String strategy, long timeoutMillis,
                              int maxAttempts, long retryBackoffMillis, String fallbackText, String cache) {

    /** Inherit the gateway's {@code retry.backoff.ms}. */
    public static final long DEFAULT_BACKOFF = -1;

    public RouteDefinition {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** A route cached as a plain model. */
    public RouteDefinition(String alias, List<String> models, String strategy, long timeoutMillis, int maxAttempts,
                           long retryBackoffMillis, String fallbackText) {
        this(alias, models, strategy, timeoutMillis, maxAttempts, retryBackoffMillis, fallbackText, null);
    }
}
