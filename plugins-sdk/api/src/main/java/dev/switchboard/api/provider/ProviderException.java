package dev.switchboard.api.provider;

import java.time.Duration;

/**
 * A failed provider call, mapped from the provider's wire error. {@code upstreamStatus} is the HTTP
 * status the provider answered (0 when there was no answer). Messages must never contain secrets.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean retryable;
    private final Duration retryAfter;
    private final int upstreamStatus;

    public ProviderException(ErrorCode code, String message) {
        this(code, message, code.retryableByDefault(), null, 0, null);
    }

    public ProviderException(ErrorCode code, String message, boolean retryable, Duration retryAfter,
                             int upstreamStatus, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.upstreamStatus = upstreamStatus;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked us to wait, or {@code null} when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }
}
