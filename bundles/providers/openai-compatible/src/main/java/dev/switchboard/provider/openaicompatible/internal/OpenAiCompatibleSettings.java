package dev.switchboard.provider.openaicompatible.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.openai.OpenAiDialect;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One OpenAI-compatible server, read from an instance's configuration: where it is ({@code base.url}, required:
 * there is no default server), its key ({@code api.key}, or the environment variable {@code api.key.env} names;
 * none for a local server), extra headers ({@code header.<Name>}), and where it departs from OpenAI
 * ({@code max.tokens.field}, {@code stream.usage}).
 *
 * @param responses where the server's own Responses API is ({@code responses.path}, e.g. {@code /responses}):
 *                  {@code /v1/responses} is then passed through to it; {@code null} (the default) maps it onto chat
 * @param key the bearer token, or {@code null} when the server takes none
 */
record OpenAiCompatibleSettings(URI endpoint, URI responses, String key, Map<String, String> headers,
                                OpenAiDialect dialect, Duration connectTimeout, Duration requestTimeout,
                                Duration streamIdleTimeout) {

    static final String API_KEY_ENV = "api.key.env";
    static final String HEADER_PREFIX = "header.";
    static final String CHAT_PATH = "chat.path";
    static final String RESPONSES_PATH = "responses.path";
    static final String MAX_TOKENS_FIELD = "max.tokens.field";
    static final String STREAM_USAGE = "stream.usage";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** Headers the instance must not set itself: the transport's, and the one that carries the key. */
    private static final Set<String> RESERVED_HEADERS =
            Set.of("authorization", "content-length", "content-type", "host", "transfer-encoding", "connection");

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static OpenAiCompatibleSettings from(InstanceConfig config, UnaryOperator<String> environment) {
        Map<String, String> settings = config.settings();
        String path = InstanceSettings.text(settings, CHAT_PATH);
        URI endpoint = InstanceSettings.httpUrl(config.baseUrl(), path == null ? "/chat/completions"
                : (path.startsWith("/") ? path : "/" + path), "base.url");
        String responsesPath = InstanceSettings.text(settings, RESPONSES_PATH);
        URI responses = responsesPath == null ? null : InstanceSettings.httpUrl(config.baseUrl(),
                responsesPath.startsWith("/") ? responsesPath : "/" + responsesPath, "base.url");
        Map<String, String> headers = InstanceSettings.withPrefix(settings, HEADER_PREFIX);
        for (String name : headers.keySet()) {
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(HEADER_PREFIX + name + " cannot be set: the key goes in api.key");
            }
        }
        String maxTokensField = InstanceSettings.text(settings, MAX_TOKENS_FIELD);
        String streamUsage = InstanceSettings.text(settings, STREAM_USAGE);
        if (streamUsage != null && !"true".equalsIgnoreCase(streamUsage) && !"false".equalsIgnoreCase(streamUsage)) {
            throw new IllegalArgumentException(STREAM_USAGE + " must be true or false, was '" + streamUsage + "'");
        }
        OpenAiDialect dialect;
        try {
            // max_tokens is what every compatible server knows; OpenAI's newer field is opt-in
            dialect = new OpenAiDialect(maxTokensField == null ? "max_tokens" : maxTokensField,
                    streamUsage == null || Boolean.parseBoolean(streamUsage));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MAX_TOKENS_FIELD + ": " + e.getMessage());
        }
        return new OpenAiCompatibleSettings(endpoint, responses, key(config, environment), Map.copyOf(headers), dialect,
                InstanceSettings.millis(settings, CONNECT_TIMEOUT_MS, 10_000),
                InstanceSettings.millis(settings, REQUEST_TIMEOUT_MS, 300_000),
                InstanceSettings.millis(settings, STREAM_IDLE_TIMEOUT_MS, 300_000));
    }

    /**
     * {@code api.key}, else the variable {@code api.key.env} names. A named variable that is not set is an error
     * (the operator meant a key), so the instance shows as failed instead of answering 401 on every call.
     */
    private static String key(InstanceConfig config, UnaryOperator<String> environment) {
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            return config.apiKey().trim();
        }
        String variable = InstanceSettings.text(config.settings(), API_KEY_ENV);
        if (variable == null) {
            return null;
        }
        String key = environment.apply(variable);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(API_KEY_ENV + " names " + variable + ", which is not set");
        }
        return key.trim();
    }

    @Override
    public String toString() {
        // the key stays out of every message
        return "OpenAiCompatibleSettings[" + endpoint + (responses == null ? "" : ", responses " + responses) + ", key " + (key == null ? "none" : "set") + ", headers "
                + headers.keySet() + ", " + dialect + "]";
    }
}
