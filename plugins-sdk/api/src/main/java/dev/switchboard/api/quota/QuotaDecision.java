package dev.switchboard.api.quota;

import java.time.Duration;

/**
 * Admit, or deny with the reason shown to the client and how long to wait before trying again.
 * {@code limit}/{@code remaining} feed the {@code x-ratelimit-*} headers when known (else -1);
 * {@code code} is the error code the client sees on a denial (null: {@code rate_limit_exceeded}).
 */
public record QuotaDecision(boolean admitted, String reason, Duration retryAfter, long limit, long remaining,
                            String code) {

    public static final QuotaDecision ADMIT = new QuotaDecision(true, null, null, -1, -1, null);

    /** The 1.0 form, without a code of its own. */
    public QuotaDecision(boolean admitted, String reason, Duration retryAfter, long limit, long remaining) {
        this(admitted, reason, retryAfter, limit, remaining, null);
    }

    public static QuotaDecision admit(long limit, long remaining) {
        return new QuotaDecision(true, null, null, limit, remaining, null);
    }

    public static QuotaDecision deny(String reason, Duration retryAfter, long limit) {
        return new QuotaDecision(false, reason, retryAfter, limit, 0, null);
    }

    /** A denial with its own error code (e.g. {@code budget_exceeded}, {@code insufficient_quota}). */
    public static QuotaDecision deny(String code, String reason, Duration retryAfter, long limit) {
        return new QuotaDecision(false, reason, retryAfter, limit, 0, code);
    }
}
