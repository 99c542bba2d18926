package dev.switchboard.support.http;

import java.time.Duration;

/**
 * How the shared upstream client is sized. The defaults suit a small gateway node: a provider rarely needs
 * more than 64 concurrent keep-alive connections per origin, and Jetty's callbacks are short, so a few
 * dozen threads serve thousands of in-flight calls. The answers held in memory are bounded per answer,
 * per stream event and for the whole node ({@link UpstreamBuffers}; {@code maxBufferedBytes} 0: a quarter
 * of the heap).
 */
public record UpstreamHttpSettings(int maxConnectionsPerDestination, int maxRequestsQueuedPerDestination,
                                   Duration connectTimeout, Duration idleTimeout, int minThreads, int maxThreads,
                                   int selectors, String userAgent, long maxBufferedBytes, int maxResponseBytes,
                                   int maxEventBytes) {

    public static final UpstreamHttpSettings DEFAULTS = new UpstreamHttpSettings(64, 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30), 4, 64, 1, "Switchboard");

    /** The default buffer limits. */
    public UpstreamHttpSettings(int maxConnectionsPerDestination, int maxRequestsQueuedPerDestination,
                                Duration connectTimeout, Duration idleTimeout, int minThreads, int maxThreads,
                                int selectors, String userAgent) {
        this(maxConnectionsPerDestination, maxRequestsQueuedPerDestination, connectTimeout, idleTimeout, minThreads,
                maxThreads, selectors, userAgent, 0, UpstreamBuffers.DEFAULT_MAX_RESPONSE_BYTES,
                UpstreamBuffers.DEFAULT_MAX_EVENT_BYTES);
    }

    public UpstreamHttpSettings {
        if (maxConnectionsPerDestination <= 0 || maxRequestsQueuedPerDestination <= 0) {
            throw new IllegalArgumentException("connection and queue limits must be positive");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (selectors <= 0) {
            throw new IllegalArgumentException("selectors must be positive");
        }
        // Jetty's thread budget needs room for the selectors and its reserved threads beside the callbacks
        if (maxThreads < selectors + 4 || minThreads <= 0 || minThreads > maxThreads) {
            throw new IllegalArgumentException("need 0 < min.threads <= max.threads and max.threads >= selectors + 4");
        }
        if (maxBufferedBytes < 0 || maxResponseBytes <= 0 || maxEventBytes <= 0) {
            throw new IllegalArgumentException("max.response.bytes and max.event.bytes must be positive, "
                    + "max.buffered.bytes not negative");
        }
        userAgent = userAgent == null || userAgent.isBlank() ? "Switchboard" : userAgent;
    }
}
