package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.support.provider.InstanceSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * How one mock instance behaves, read from {@code InstanceConfig.settings()}. The keys are the
 * component's configuration keys, so an instance added at run time is configured the same way.
 *
 * @param errorSeed {@code null} for random failures, else the seed of a repeatable sequence
 */
record MockSettings(long latencyMs, long chunkDelayMs, double errorRate, ErrorCode errorCode, Long errorSeed,
                    long errorRetryAfterMs) {

    static final String LATENCY_MS = "latency.ms";
    static final String STREAM_CHUNK_DELAY_MS = "stream.chunk.delay.ms";
    static final String ERROR_RATE = "error.rate";
    static final String ERROR_CODE = "error.code";
    static final String ERROR_SEED = "error.seed";
    static final String ERROR_RETRY_AFTER_MS = "error.retry.after.ms";

    static final MockSettings DEFAULTS = new MockSettings(0, 0, 0.0, ErrorCode.UNAVAILABLE, null, 0);

    MockSettings {
        requireNotNegative(LATENCY_MS, latencyMs);
        requireNotNegative(STREAM_CHUNK_DELAY_MS, chunkDelayMs);
        requireNotNegative(ERROR_RETRY_AFTER_MS, errorRetryAfterMs);
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException(ERROR_RATE + " must be between 0.0 and 1.0, was " + errorRate);
        }
        if (errorCode == null) {
            throw new IllegalArgumentException(ERROR_CODE + " is required");
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static MockSettings from(Map<String, String> settings) {
        return new MockSettings(
                InstanceSettings.longValue(settings, LATENCY_MS, DEFAULTS.latencyMs),
                InstanceSettings.longValue(settings, STREAM_CHUNK_DELAY_MS, DEFAULTS.chunkDelayMs),
                InstanceSettings.doubleValue(settings, ERROR_RATE, DEFAULTS.errorRate),
                InstanceSettings.enumValue(settings, ERROR_CODE, ErrorCode.class, DEFAULTS.errorCode),
                InstanceSettings.text(settings, ERROR_SEED) == null ? null : InstanceSettings.longValue(settings, ERROR_SEED, 0),
                InstanceSettings.longValue(settings, ERROR_RETRY_AFTER_MS, DEFAULTS.errorRetryAfterMs));
    }

    static MockSettings from(MockConfig config) {
        Map<String, String> settings = new HashMap<>();
        settings.put(LATENCY_MS, Long.toString(config.latency_ms()));
        settings.put(STREAM_CHUNK_DELAY_MS, Long.toString(config.stream_chunk_delay_ms()));
        settings.put(ERROR_RATE, Double.toString(config.error_rate()));
        settings.put(ERROR_CODE, config.error_code());
        settings.put(ERROR_SEED, config.error_seed() == null ? "" : config.error_seed());
        settings.put(ERROR_RETRY_AFTER_MS, Long.toString(config.error_retry_after_ms()));
        return from(settings);
    }

    /** The settings an {@code InstanceConfig} carries to reproduce this behaviour. */
    Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        map.put(LATENCY_MS, Long.toString(latencyMs));
        map.put(STREAM_CHUNK_DELAY_MS, Long.toString(chunkDelayMs));
        map.put(ERROR_RATE, Double.toString(errorRate));
        map.put(ERROR_CODE, errorCode.name());
        if (errorSeed != null) {
            map.put(ERROR_SEED, Long.toString(errorSeed));
        }
        map.put(ERROR_RETRY_AFTER_MS, Long.toString(errorRetryAfterMs));
        return map;
    }

    private static void requireNotNegative(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative, was " + value);
        }
    }
}
