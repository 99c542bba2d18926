package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The errors the HTTP layer raises itself, in OpenAI's terms. None of them repeats the presented key. */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static GatewayException missingKey() {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                "You didn't provide an API key. Provide it in an Authorization header using Bearer auth "
                        + "(Authorization: Bearer YOUR_KEY).", null);
    }

    static GatewayException missingAnthropicKey() {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                "x-api-key header is required (or Authorization: Bearer YOUR_KEY).", null);
    }

    static GatewayException invalidKey() {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided.", null);
    }

    /** A valid key that is neither an admin's nor an operator's, on an operator endpoint ({@code /metrics}, ...). */
    static GatewayException adminRequired() {
        return new GatewayException(403, "permission_error", "admin_key_required", null,
                "This endpoint needs an admin or operator key.", null);
    }

    static GatewayException bodyTooLarge(long limit) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", null,
                "The request body exceeds the limit of " + limit + " bytes.", null);
    }

    static GatewayException bodyTimeout(long timeoutMillis) {
        return new GatewayException(408, "invalid_request_error", "request_timeout", null,
                "The request body did not arrive within " + timeoutMillis + " ms.", null);
    }

    static GatewayException unknownPath(String method, String path) {
        return new GatewayException(404, "invalid_request_error", null, null,
                "Invalid URL (" + method + " " + path + ")", null);
    }

    /**
     * A path that exists, asked with a method it does not take: 405 with the methods it does take in {@code Allow}
     * (RFC 9110 asks for it), carried by the exception so every servlet answers it the same way.
     */
    static GatewayException methodNotAllowed(String method, String path, String allowed) {
        return new GatewayException(405, "invalid_request_error", "method_not_allowed", null,
                "Method " + method + " is not allowed on " + path + ".", null, Map.of("Allow", allowed));
    }

    /** Returns when {@code method} is one of {@code allowed}, the methods {@code path} takes; a 405 naming them otherwise. */
    static void requireMethod(String method, String path, String... allowed) {
        for (String each : allowed) {
            if (each.equals(method)) {
                return;
            }
        }
        throw methodNotAllowed(method, path, String.join(", ", allowed));
    }

    static GatewayException gatewayUnavailable() {
        return new GatewayException(503, "api_error", "gateway_unavailable", null,
                "The gateway is starting or restarting. Retry shortly.", null);
    }

    static GatewayException deadlineExceeded() {
        return new GatewayException(504, "api_error", "timeout", null,
                "The request took longer than the gateway allows.", null);
    }

    static GatewayException unreadableRequest() {
        return new GatewayException(400, "invalid_request_error", "invalid_request", null,
                "The request could not be read.", null);
    }

    static GatewayException refusedPath() {
        return new GatewayException(400, "invalid_request_error", "invalid_path", null,
                "The request path contains an encoded slash or backslash, or a '.' or '..' segment, "
                        + "which the gateway refuses.", null);
    }

    static GatewayException tooManyFailedAuthentications(Duration retryAfter) {
        return new GatewayException(429, "rate_limit_error", "too_many_failed_authentications", null,
                "Too many requests with an invalid API key from this address; retry later.", retryAfter);
    }

    /**
     * A failure nobody expected (a bug, or an {@link Error} such as OutOfMemoryError): logged once at ERROR with
     * the request id, and answered with a 500 that quotes the id so the client can report it.
     */
    static GatewayException unexpected(String requestId, Throwable failure) {
        LOG.error("Unexpected failure serving request {}", requestId, failure);
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed to serve the request (request id " + requestId + ").", null);
    }

    /** Whatever a gateway call failed with, as the error the client sees; unexpected failures are logged, not shown. */
    static GatewayException from(Throwable failure, String requestId) {
        Throwable cause = unwrap(failure);
        return cause instanceof GatewayException gatewayException ? gatewayException : unexpected(requestId, cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** As {@link #from(Throwable, String)} where the request id is not at hand. */
    static GatewayException from(Throwable failure) {
        return from(failure, "(unknown)");
    }
}
