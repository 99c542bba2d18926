package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.aws.AwsEndpoints;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The per-instance options of a SageMaker instance. Each endpoint (a model of the catalog, by endpoint name)
 * speaks one {@link Format}: {@code format} for all, {@code format.<endpoint>} for one; an image or video endpoint's
 * request template and answer pointers are compiled here, once ({@link SageMakerMedia}).
 */
record SageMakerSettings(String region, URI baseUri, String profile, Format defaultFormat, Map<String, String> settings,
                         Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout,
                         Map<String, SageMakerMedia> media) {

    /** What the container behind an endpoint takes and answers. */
    enum Format {
        /** OpenAI-style chat (TGI's and vLLM's Messages API, LMI containers): the body is a Chat Completions request. */
        MESSAGES,
        /** Text Generation Inference's generate API: {@code inputs} (a prompt) and {@code parameters}. */
        TGI,
        /** An image generation container, spoken to by configuration ({@link SageMakerMedia}): {@code /v1/images/generations}. */
        IMAGE,
        /** A video generation container, spoken to by configuration ({@link SageMakerMedia}): {@code /v1/videos}. */
        VIDEO;

        boolean isMedia() {
            return this == IMAGE || this == VIDEO;
        }
    }

    static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
    static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

    static final String REGION = "region";
    static final String PROFILE = "profile";
    static final String FORMAT = "format";

    static SageMakerSettings from(InstanceConfig config, String fallbackRegion) {
        String region = AwsEndpoints.region(InstanceSettings.text(config.settings(), REGION), fallbackRegion);
        Format format = InstanceSettings.enumValue(config.settings(), FORMAT, Format.class, Format.MESSAGES);
        config.settings().forEach((key, value) -> {
            if (key.startsWith(FORMAT + ".")) {
                InstanceSettings.enumValue(config.settings(), key, Format.class, Format.MESSAGES);
            }
        });
        Map<String, SageMakerMedia> media = new LinkedHashMap<>();
        java.util.Set<String> endpoints = new java.util.LinkedHashSet<>();
        config.models().forEach(model -> endpoints.add(model.id()));
        config.settings().keySet().forEach(key -> {
            if (key.startsWith(FORMAT + ".")) {
                endpoints.add(key.substring(FORMAT.length() + 1));
            }
        });
        for (String endpoint : endpoints) {
            String named = config.settings().get(FORMAT + "." + endpoint);
            Format endpointFormat = named == null || named.isBlank() ? format
                    : Format.valueOf(named.trim().toUpperCase(Locale.ROOT));
            if (endpointFormat.isMedia()) {
                media.put(endpoint, SageMakerMedia.of(endpoint, endpointFormat == Format.VIDEO, config.settings(),
                        System::getenv));
            }
        }
        return new SageMakerSettings(region, baseUri(config.baseUrl(), region), InstanceSettings.text(config.settings(), PROFILE),
                format, config.settings(),
                InstanceSettings.millis(config.settings(), "connect.timeout.ms", DEFAULT_CONNECT_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), "request.timeout.ms", DEFAULT_REQUEST_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), "stream.idle.timeout.ms", DEFAULT_STREAM_IDLE_TIMEOUT_MS),
                Map.copyOf(media));
    }

    /**
     * The settings of the bundle's own instance, plus core's per-instance keys ({@link ConfiguredSettings}) and the
     * per-endpoint format and media keys of the raw configuration.
     */
    static Map<String, String> toMap(SageMakerConfig config, Map<String, Object> properties) {
        return ConfiguredSettings.from(properties, FORMAT + ".", SageMakerMedia.TEMPLATE + ".",
                        SageMakerMedia.MEDIA + ".", SageMakerMedia.ITEM + ".")
                .put(REGION, config.region())
                .put(PROFILE, config.profile())
                .put(FORMAT, config.format())
                .put("connect.timeout.ms", config.connect_timeout_ms())
                .put("request.timeout.ms", config.request_timeout_ms())
                .put("stream.idle.timeout.ms", config.stream_idle_timeout_ms())
                .toMap();
    }

    Format format(String endpoint) {
        String named = settings.get(FORMAT + "." + endpoint);
        return named == null || named.isBlank() ? defaultFormat : Format.valueOf(named.trim().toUpperCase(Locale.ROOT));
    }

    /** {@code <base>/endpoints/<endpoint name, percent-encoded>/<operation>}. */
    URI operation(String endpoint, String operation) {
        return AwsEndpoints.operation(baseUri, "endpoints", endpoint, operation);
    }

    static URI baseUri(String baseUrl, String region) {
        return AwsEndpoints.baseUri(baseUrl, "https://runtime.sagemaker." + region + ".amazonaws.com");
    }
}
