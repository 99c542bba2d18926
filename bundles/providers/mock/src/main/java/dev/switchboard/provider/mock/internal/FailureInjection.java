package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which calls fail, for failover and retry tests. With a seed, the n-th call of the instance
 * fails or not as a fixed function of (seed, n): the same number of calls always produces the same
 * failures, whatever threads made them. Without a seed the choice is random.
 */
final class FailureInjection {

    private final double rate;
    private final ErrorCode code;
    private final Long seed;
    private final Duration retryAfter;
    private final AtomicLong calls = new AtomicLong();
    // health checks draw from a sequence of their own, so a check never shifts which chat calls fail
    private final AtomicLong checks = new AtomicLong();

    FailureInjection(MockSettings settings) {
        this.rate = settings.errorRate();
        this.code = settings.errorCode();
        this.seed = settings.errorSeed();
        this.retryAfter = settings.errorRetryAfterMs() > 0 ? Duration.ofMillis(settings.errorRetryAfterMs()) : null;
    }

    /** The failure for this call, or {@code null} when it succeeds. */
    ProviderException next() {
        return next(calls);
    }

    /** The failure for this health check, or {@code null} when it passes: the same rate and code as calls. */
    ProviderException nextCheck() {
        return next(checks);
    }

    private ProviderException next(AtomicLong sequence) {
        if (rate <= 0.0) {
            return null;
        }
        if (rate < 1.0 && draw(sequence) >= rate) {
            return null;
        }
        return new ProviderException(code, "mock: injected " + code + " failure", code.retryableByDefault(), retryAfter,
                upstreamStatus(code), null);
    }

    private double draw(AtomicLong sequence) {
        if (seed == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        long n = sequence.getAndIncrement();
        // 53 random bits -> a uniform double in [0, 1)
        return (MockAnswers.mix(seed + n * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
    }

    /** The HTTP status a real provider would have answered with, so error mapping looks familiar. */
    static int upstreamStatus(ErrorCode code) {
        return switch (code) {
            case AUTH -> 401;
            case PERMISSION -> 403;
            case RATE_LIMIT -> 429;
            case BAD_REQUEST, CONTEXT_LENGTH, CONTENT_FILTER -> 400;
            case NOT_FOUND -> 404;
            case TIMEOUT -> 0;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }
}
