package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;

/**
 * One Ollama server as an instance sees it, read from {@link InstanceConfig#settings()} so that operator
 * instances ({@code type = ollama}) take the same keys as the bundle's own configuration.
 */
record OllamaSettings(URI chat, URI embed, URI tags, Duration connectTimeout, Duration requestTimeout,
                      Duration streamIdleTimeout) {

    static final String DEFAULT_PORT = "11434";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static OllamaSettings from(InstanceConfig config) {
        String base = baseUrl(config.baseUrl());
        return new OllamaSettings(InstanceSettings.httpUrl(base, "/api/chat", "base.url"),
                InstanceSettings.httpUrl(base, "/api/embed", "base.url"),
                InstanceSettings.httpUrl(base, "/api/tags", "base.url"),
                InstanceSettings.millis(config.settings(), CONNECT_TIMEOUT_MS, 5_000),
                // a model is loaded into memory on its first call: that can take minutes
                InstanceSettings.millis(config.settings(), REQUEST_TIMEOUT_MS, 300_000),
                InstanceSettings.millis(config.settings(), STREAM_IDLE_TIMEOUT_MS, 300_000));
    }

    /**
     * A base URL in any form {@code OLLAMA_HOST} takes: {@code http://host:port}, {@code host:port}, {@code host},
     * {@code :port}; {@code 0.0.0.0} (what a server listens on) is reached on loopback.
     */
    static String baseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("base.url is required");
        }
        String text = value.trim();
        if (!text.contains("://")) {
            text = "http://" + (text.startsWith(":") ? "127.0.0.1" + text : text);
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base.url is not a valid URL");
        }
        String host = uri.getHost();
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("base.url must be an http or https URL");
        }
        if (host == null) {
            throw new IllegalArgumentException("base.url must name a host");
        }
        if ("0.0.0.0".equals(host)) {
            host = "127.0.0.1";
        }
        String port = uri.getPort() < 0 ? (text.startsWith("https://") ? "" : ":" + DEFAULT_PORT) : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String root = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + (host.contains(":") ? "[" + host + "]" : host) + port + path;
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
