package dev.switchboard.provider.gemini.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The per-instance options of a Gemini instance, read from {@link InstanceConfig#settings()} so that instances an
 * operator adds at run time take the same keys as the bundle's own configuration. {@code base} is the API root
 * without a trailing slash; each call appends {@code /models/{model}:method}.
 */
record GeminiSettings(String base, Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout) {

    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
    static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static GeminiSettings from(InstanceConfig config) {
        return new GeminiSettings(base(config.baseUrl()),
                InstanceSettings.millis(config.settings(), CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), STREAM_IDLE_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS));
    }

    /** The settings, plus core's per-instance keys of the raw configuration ({@link ConfiguredSettings}). */
    static Map<String, String> toMap(GeminiConfig config, Map<String, Object> properties) {
        return ConfiguredSettings.from(properties)
                .put(CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms())
                .toMap();
    }

    static String base(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base + "/models");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base.url is not a valid URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("base.url must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            // the key travels in x-goog-api-key only, never in the URL (?key=...), so a URL is always safe to show
            throw new IllegalArgumentException("base.url must not carry credentials or a query");
        }
        return base;
    }
}
