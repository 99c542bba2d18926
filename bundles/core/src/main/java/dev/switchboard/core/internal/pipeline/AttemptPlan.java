package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.Route;
import java.time.Duration;
import java.util.List;

/**
 * Which route a request tries next and when. Fails over to the next route at once; comes back to a
 * route it already tried only after a back-off (or the provider's Retry-After, if that is short
 * enough). Routes whose circuit is open are passed over while another can be tried. A route that
 * failed with a non-retryable error (a plugin bug, rejected credentials) is not tried again by this
 * request. The back-off doubles with each round over the routes and is jittered (half fixed, half random), so
 * requests that failed together do not come back together; a Retry-After is honoured as given; either is
 * given up on when it would end past the request's deadline. Not thread-safe: one request's attempts run one after the other.
 */
final class AttemptPlan {

    /** Returned by {@link #delayBeforeNextMillis} when the request should give up. */
    static final long GIVE_UP = -1;

    private final List<Route> routes;
    private final PipelineSettings settings;
    private final java.util.Set<Route> tried = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final java.util.Set<Route> excluded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int attempts;
    private int cursor;
    private Route current;

    /** "Equal jitter": half the back-off for sure, the other half at random. */
    static final java.util.function.LongUnaryOperator EQUAL_JITTER =
            delay -> delay / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(delay - delay / 2 + 1);

    private final java.util.function.LongUnaryOperator jitter;

    /** Counts retries and failovers ({@code switchboard.retries}, {@code switchboard.failovers}); null: nothing. */
    private final GatewayMetrics metrics;

    AttemptPlan(List<Route> routes, PipelineSettings settings, GatewayMetrics metrics) {
        this(routes, settings, EQUAL_JITTER, metrics);
    }

    AttemptPlan(List<Route> routes, PipelineSettings settings, java.util.function.LongUnaryOperator jitter) {
        this(routes, settings, jitter, null);
    }

    AttemptPlan(List<Route> routes, PipelineSettings settings, java.util.function.LongUnaryOperator jitter,
                GatewayMetrics metrics) {
        this.routes = routes;
        this.settings = settings;
        this.jitter = jitter;
        this.metrics = metrics;
    }

    int attempts() {
        return attempts;
    }

    /** The route for the next attempt. */
    Route next() {
        Route chosen = null;
        for (int i = 0; i < routes.size(); i++) {
            Route candidate = routes.get((cursor + i) % routes.size());
            if (!excluded.contains(candidate) && candidate.health().tryAcquire()) {
                chosen = candidate;
                cursor += i;
                break;
            }
        }
        for (int i = 0; chosen == null && i < routes.size(); i++) {
            // every circuit is open: trying one beats refusing a request that might succeed
            Route candidate = routes.get((cursor + i) % routes.size());
            if (!excluded.contains(candidate)) {
                chosen = candidate;
                cursor += i;
            }
        }
        if (attempts > 0 && metrics != null) {
            // a route this request tried before is a retry; another one is a failover
            if (tried.contains(chosen)) {
                metrics.retried();
            } else {
                metrics.failedOver();
            }
        }
        attempts++;
        tried.add(chosen);
        current = chosen;
        return chosen;
    }

    /**
     * After a failed attempt: 0 to go on at once (another route is next), a delay when the next route is
     * one already tried, or {@link #GIVE_UP}.
     */
    long delayBeforeNextMillis(ProviderException failure, Duration remaining) {
        if (failure.code().isClientFault() || attempts >= settings.maxAttempts() || remaining.isZero()) {
            return GIVE_UP;
        }
        cursor++;
        if (!failure.retryable() && current != null) {
            excluded.add(current);
        }
        // any failure that is not the client's may go to a route not tried yet (another key, region, vendor)
        for (Route route : routes) {
            if (!tried.contains(route) && !route.health().isOpen()) {
                return 0;
            }
        }
        if (!failure.retryable() || excluded.size() == routes.size()) {
            return GIVE_UP;
        }
        long delay;
        if (failure.retryAfter() != null) {
            delay = failure.retryAfter().toMillis();
            if (delay > settings.maxRetryAfterMillis()) {
                return GIVE_UP;
            }
        } else {
            int retriesOfRoutes = Math.max(1, attempts / routes.size());
            delay = jitter.applyAsLong(settings.retryBackoffMillis() << Math.min(retriesOfRoutes - 1, 6));
        }
        return delay < remaining.toMillis() ? delay : GIVE_UP;
    }

    Route current() {
        return current;
    }
}
