package dev.switchboard.webhooks.internal;

import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again: {@code initial x 2^(retry-1)}, capped at {@code max}, with "equal jitter" (half
 * fixed, half random, as core's retries) so the deliveries that failed together do not come back together.
 * {@code maxAttempts} bounds the attempts, the first included.
 */
record RetrySchedule(int maxAttempts, long initialMillis, long maxMillis, DoubleSupplier random) {

    RetrySchedule {
        if (maxAttempts < 1 || initialMillis < 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("max.attempts >= 1 and 0 <= initial.backoff.ms <= max.backoff.ms");
        }
    }

    /** Whether another attempt follows attempt number {@code attempt} (1-based). */
    boolean retries(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    long delayAfter(int attempt) {
        long ceiling = initialMillis;
        for (int i = 1; i < attempt && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        long half = ceiling / 2;
        return ceiling - half + (long) (random.getAsDouble() * half);
    }
}
