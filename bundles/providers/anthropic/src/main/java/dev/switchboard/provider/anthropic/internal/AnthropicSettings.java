package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-instance options of an Anthropic instance, read from {@link InstanceConfig#settings()} so that
 * instances an operator adds at run time take the same keys as the bundle's own configuration.
 * {@code maxOutputTokens}: the {@code max_tokens} the Messages API requires, per model, for a client that sent none.
 */
record AnthropicSettings(URI endpoint, String apiVersion, String beta, Map<String, Integer> maxOutputTokens,
                         int defaultMaxTokens, Duration connectTimeout, Duration requestTimeout,
                         Duration streamIdleTimeout) {

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
    static final String DEFAULT_API_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
    static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

    static final String API_VERSION = "api.version";
    static final String BETA = "beta";
    static final String MAX_OUTPUT_TOKENS = "max.output.tokens";
    static final String DEFAULT_MAX_TOKENS_KEY = "default.max.tokens";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    AnthropicSettings {
        maxOutputTokens = Map.copyOf(maxOutputTokens);
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static AnthropicSettings from(InstanceConfig config) {
        Map<String, String> settings = config.settings();
        String version = InstanceSettings.text(settings, API_VERSION);
        long defaultMax = InstanceSettings.longValue(settings, DEFAULT_MAX_TOKENS_KEY, DEFAULT_MAX_TOKENS);
        if (defaultMax < 1 || defaultMax > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(DEFAULT_MAX_TOKENS_KEY + " must be a positive number");
        }
        return new AnthropicSettings(endpoint(config.baseUrl()), version == null ? DEFAULT_API_VERSION : version,
                InstanceSettings.text(settings, BETA), limits(settings.get(MAX_OUTPUT_TOKENS)), (int) defaultMax,
                InstanceSettings.millis(settings, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS),
                InstanceSettings.millis(settings, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS),
                InstanceSettings.millis(settings, STREAM_IDLE_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS));
    }

    /** The {@code max_tokens} for a request that named none: the model's entry, else the default. */
    int maxTokensFor(String model) {
        Integer limit = maxOutputTokens.get(model);
        return limit == null ? defaultMaxTokens : limit;
    }

    /** The settings, plus core's per-instance keys of the raw configuration ({@link ConfiguredSettings}). */
    static Map<String, String> toMap(AnthropicConfig config, Map<String, Object> properties) {
        return ConfiguredSettings.from(properties)
                .put(API_VERSION, config.api_version())
                .put(BETA, config.beta())
                .put(MAX_OUTPUT_TOKENS, config.max_output_tokens() == null ? null : String.join(",", config.max_output_tokens()))
                .put(DEFAULT_MAX_TOKENS_KEY, config.default_max_tokens())
                .put(CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms())
                .toMap();
    }

    /** {@code id=tokens} entries separated by commas. */
    static Map<String, Integer> limits(String value) {
        Map<String, Integer> limits = new HashMap<>();
        if (value == null || value.isBlank()) {
            return limits;
        }
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            try {
                int tokens = Integer.parseInt(entry.substring(eq + 1).trim());
                if (eq <= 0 || tokens < 1) {
                    throw new NumberFormatException();
                }
                limits.put(entry.substring(0, eq).trim(), tokens);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_OUTPUT_TOKENS + " entry '" + entry.trim() + "' is not id=tokens");
            }
        }
        return limits;
    }

    static URI endpoint(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base + "/messages");
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
