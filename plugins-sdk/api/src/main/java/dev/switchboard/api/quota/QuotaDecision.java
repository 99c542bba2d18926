package dev.switchboard.api.quota;

import java.time.Duration;

/**
 * Admit, or deny with the reason shown to the client and how long to wait before trying again.
 * {@code limit}/{@code remaining} feed the {@code x-ratelimit-*} headers when known (else -1), named after
 * {@code dimension} ({@code requests}, {@code tokens}, {@code cost}, ...; null: {@code requests});
 * {@code code} is the error code the client sees on a denial (null: {@code rate_limit_exceeded};
 * {@code insufficient_quota} and {@code budget_exceeded} are answered with OpenAI's type {@code insufficient_quota}).
 */
public record QuotaDecision(boolean admitted, String reason, Duration retryAfter, long limit, long remaining,
                            String code, String dimension) {

    public static final QuotaDecision ADMIT = new QuotaDecision(true, null, null, -1, -1, null, null);

    /** The 1.0 form, without a code or dimension of its own. */
    public QuotaDecision(boolean admitted, String reason, Duration retryAfter, long limit, long remaining) {
        this(admitted, reason, retryAfter, limit, remaining, null, null);
    }

    public static QuotaDecision admit(long limit, long remaining) {
        return new QuotaDecision(true, null, null, limit, remaining, null, null);
    }

    public static QuotaDecision deny(String reason, Duration retryAfter, long limit) {
        return new QuotaDecision(false, reason, retryAfter, limit, 0, null, null);
    }

    /** A denial with its own code (e.g. {@code budget_exceeded}) and dimension (e.g. {@code tokens}). */
    public static QuotaDecision deny(String code, String dimension, String reason, Duration retryAfter, long limit) {
        return new QuotaDecision(false, reason, retryAfter, limit, 0, code, dimension);
    }
}
