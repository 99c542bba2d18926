package dev.switchboard.api.quota;

import java.time.Duration;

/**
 * Admit, or deny with the reason shown to the client and how long to wait before trying again.
 * {@code limit}/{@code remaining} feed the {@code x-ratelimit-*} headers when known (else -1).
 */
public record QuotaDecision(boolean admitted, String reason, Duration retryAfter, long limit, long remaining) {

    public static final QuotaDecision ADMIT = new QuotaDecision(true, null, null, -1, -1);

    public static QuotaDecision admit(long limit, long remaining) {
        return new QuotaDecision(true, null, null, limit, remaining);
    }

    public static QuotaDecision deny(String reason, Duration retryAfter, long limit) {
        return new QuotaDecision(false, reason, retryAfter, limit, 0);
    }
}
