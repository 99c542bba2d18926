package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The per-instance options of an OpenAI instance, read from {@link InstanceConfig#settings()} so that
 * instances an operator adds at run time take the same keys as the bundle's own configuration.
 */
record OpenAiSettings(URI endpoint, String organization, String project, Duration connectTimeout,
                      Duration requestTimeout, Duration streamIdleTimeout) {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
    static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

    static final String ORGANIZATION = "organization";
    static final String PROJECT = "project";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static OpenAiSettings from(InstanceConfig config) {
        return new OpenAiSettings(endpoint(config.baseUrl()),
                InstanceSettings.text(config.settings(), ORGANIZATION),
                InstanceSettings.text(config.settings(), PROJECT),
                InstanceSettings.millis(config.settings(), CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), STREAM_IDLE_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS));
    }

    static Map<String, String> toMap(OpenAiConfig config) {
        return toMap(config, Map.of());
    }

    /** The settings, plus core's per-instance keys of the raw configuration ({@link ConfiguredSettings}). */
    static Map<String, String> toMap(OpenAiConfig config, Map<String, Object> properties) {
        return ConfiguredSettings.from(properties)
                .put(ORGANIZATION, config.organization())
                .put(PROJECT, config.project())
                .put(CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms())
                .toMap();
    }

    /** Another endpoint of the same API, e.g. {@code /embeddings}, beside {@code /chat/completions}. */
    URI at(String path) {
        String chat = endpoint.toString();
        return URI.create(chat.substring(0, chat.length() - "/chat/completions".length()) + path);
    }

    static URI endpoint(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base + "/chat/completions");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base.url is not a valid URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("base.url must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            // credentials travel in headers only, so a URL is always safe to show
            throw new IllegalArgumentException("base.url must not carry credentials or a query");
        }
        return uri;
    }
}
