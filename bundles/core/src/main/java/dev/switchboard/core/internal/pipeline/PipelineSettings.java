package dev.switchboard.core.internal.pipeline;

/**
 * Node-local knobs of the request path. {@code maxAttempts} counts every provider call of one request,
 * failovers and retries together; {@code selectionStrategy} names the strategy to use when several are
 * bound; {@code maxConcurrentPerKey} caps one key's requests in flight on this node (0: no cap).
 */
public record PipelineSettings(long requestTimeoutMillis, int maxAttempts, long retryBackoffMillis,
                               long maxRetryAfterMillis, String selectionStrategy, int maxConcurrentPerKey) {

    /** Half the shared upstream client's connections per origin (64), so one key cannot take them all. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_KEY = 32;

    public static final PipelineSettings DEFAULTS = new PipelineSettings(120_000, 3, 200, 5_000, "round-robin");

    public PipelineSettings {
        if (requestTimeoutMillis <= 0 || maxAttempts <= 0 || retryBackoffMillis < 0 || maxRetryAfterMillis < 0) {
            throw new IllegalArgumentException("timeouts and attempts must be positive");
        }
    }

    /** These settings with a route's own retry policy ({@code 0} attempts, {@code -1} back-off: keep these). */
    public PipelineSettings withRetryPolicy(int routeMaxAttempts, long routeBackoffMillis) {
        return new PipelineSettings(requestTimeoutMillis, routeMaxAttempts > 0 ? routeMaxAttempts : maxAttempts,
                routeBackoffMillis >= 0 ? routeBackoffMillis : retryBackoffMillis, maxRetryAfterMillis,
                selectionStrategy, maxConcurrentPerKey);
    }

    public PipelineSettings(long requestTimeoutMillis, int maxAttempts, long retryBackoffMillis,
                            long maxRetryAfterMillis, String selectionStrategy) {
        this(requestTimeoutMillis, maxAttempts, retryBackoffMillis, maxRetryAfterMillis, selectionStrategy,
                DEFAULT_MAX_CONCURRENT_PER_KEY);
    }
}
