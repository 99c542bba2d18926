package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.aws.AwsEndpoints;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-instance options of a Bedrock instance, read from {@link InstanceConfig#settings()} so that instances
 * an operator adds at run time take the same keys as the bundle's own configuration. The region is per instance:
 * one instance per region (and account) an operator wants to route to.
 */
record BedrockSettings(String region, URI baseUri, String profile, Duration connectTimeout,
                       Duration requestTimeout, Duration streamIdleTimeout, boolean invokeByDefault,
                       Map<String, Boolean> invokeByModel, Map<String, Integer> maxOutputTokens) {

    /** Which Bedrock Runtime API serves a model: Converse (any model) or InvokeModel (its own body, per family). */
    static final String API = "api";

    static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
    static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

    static final String REGION = "region";
    static final String PROFILE = "profile";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /**
     * @param fallbackRegion the region of the AWS environment, used when the instance names none
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    static BedrockSettings from(InstanceConfig config, String fallbackRegion) {
        String region = AwsEndpoints.region(InstanceSettings.text(config.settings(), REGION), fallbackRegion);
        boolean invokeByDefault = invoke(API, config.settings().get(API));
        Map<String, Boolean> invokeByModel = new LinkedHashMap<>();
        config.settings().forEach((key, value) -> {
            if (key.startsWith(API + ".")) {
                String model = key.substring(API.length() + 1);
                boolean invoke = invoke(key, value);
                if (invoke) {
                    BedrockInvoke.Family.of(model); // a model whose body is not mapped is refused now, not per call
                }
                invokeByModel.put(model, invoke);
            }
        });
        Map<String, Integer> maxOutput = new LinkedHashMap<>();
        config.models().forEach(model -> {
            if (model.maxOutputTokens() > 0) {
                maxOutput.put(model.id(), model.maxOutputTokens());
            }
        });
        return new BedrockSettings(region, baseUri(config.baseUrl(), region),
                InstanceSettings.text(config.settings(), PROFILE),
                InstanceSettings.millis(config.settings(), CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS),
                InstanceSettings.millis(config.settings(), STREAM_IDLE_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS),
                invokeByDefault, Map.copyOf(invokeByModel), Map.copyOf(maxOutput));
    }

    private static boolean invoke(String key, String value) {
        if (value == null || value.isBlank() || "converse".equalsIgnoreCase(value.trim())) {
            return false;
        }
        if ("invoke".equalsIgnoreCase(value.trim())) {
            return true;
        }
        throw new IllegalArgumentException(key + " must be converse or invoke");
    }

    /** The InvokeModel family of {@code model} when the instance sends it to InvokeModel, {@code null} for Converse. */
    BedrockInvoke.Family invokeFamily(String model) {
        Boolean invoke = invokeByModel.get(model);
        return (invoke != null ? invoke : invokeByDefault) ? BedrockInvoke.Family.of(model) : null;
    }

    int maxTokensFor(String model) {
        Integer limit = maxOutputTokens.get(model);
        return limit == null ? BedrockInvoke.DEFAULT_MAX_TOKENS : limit;
    }

    /**
     * The settings of the bundle's own instance, plus core's per-instance keys ({@link ConfiguredSettings}) and the
     * per-model {@code api.*} keys of the raw configuration.
     */
    static Map<String, String> toMap(BedrockConfig config, Map<String, Object> properties) {
        return ConfiguredSettings.from(properties, API + ".")
                .put(REGION, config.region())
                .put(PROFILE, config.profile())
                .put(API, config.api())
                .put(CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms())
                .toMap();
    }

    /** {@code https://bedrock-runtime.<region>.amazonaws.com} unless overridden (tests, VPC endpoints, FIPS). */
    static URI baseUri(String baseUrl, String region) {
        return AwsEndpoints.baseUri(baseUrl, "https://bedrock-runtime." + region + ".amazonaws.com");
    }

    /** {@code <base>/model/<model id, percent-encoded>/<operation>}: {@code :} in a model id travels as {@code %3A}. */
    URI operation(String modelId, String operation) {
        return AwsEndpoints.operation(baseUri, "model", modelId, operation);
    }
}
