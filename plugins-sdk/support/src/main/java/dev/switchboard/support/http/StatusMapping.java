package dev.switchboard.support.http;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;

/**
 * The default reading of an upstream HTTP status as an {@link ErrorCode}. Providers refine it from their
 * error bodies (a 400 that is really a context-length or content-filter error, a 429 that is an exhausted
 * quota rather than a rate limit).
 */
public final class StatusMapping {

    private StatusMapping() {
    }

    public static ErrorCode errorCode(int status) {
        switch (status) {
            case 401:
                return ErrorCode.AUTH;
            case 402: // payment required: out of credit; another instance may still serve
            case 403:
                return ErrorCode.PERMISSION;
            case 404:
                return ErrorCode.NOT_FOUND;
            case 408:
            case 504:
                return ErrorCode.TIMEOUT;
            case 409: // conflict / concurrent-request limits: a short wait helps
            case 429:
                return ErrorCode.RATE_LIMIT;
            case 400:
            case 413:
            case 422:
                return ErrorCode.BAD_REQUEST;
            default:
                if (status >= 500 && status < 600) {
                    return ErrorCode.UNAVAILABLE;
                }
                if (status >= 400 && status < 500) {
                    return ErrorCode.BAD_REQUEST;
                }
                // 1xx/3xx (redirects are not followed) or garbage: the upstream did not answer as expected
                return ErrorCode.INTERNAL;
        }
    }

    /**
     * A {@link ProviderException} for a non-2xx response with the default code, its default retryability and
     * the response's Retry-After hint. {@code detail} must already be free of secrets.
     */
    public static ProviderException toException(String provider, UpstreamResponse response, String detail) {
        ErrorCode code = errorCode(response.status());
        String message = provider + " answered " + response.status() + (detail == null || detail.isBlank() ? "" : ": " + detail);
        return new ProviderException(code, message, code.retryableByDefault(), RetryAfter.fromHeaders(response.headers()),
                response.status(), null);
    }
}
