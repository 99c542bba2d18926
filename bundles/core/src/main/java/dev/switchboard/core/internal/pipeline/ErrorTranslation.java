package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.GatewayException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what a provider call ended with to what the client sees. Upstream messages are passed on only
 * where they describe the client's own request; anything about our credentials or the provider's
 * internals is replaced, since upstream texts may quote (masked) keys.
 */
public final class ErrorTranslation {

    private ErrorTranslation() {
    }

    /**
     * Any throwable from a provider call as a ProviderException. A provider's own ProviderException is
     * taken as it is. Anything else is a bug in the plugin ({@code INTERNAL}, not retryable: the same
     * code would fail the same way; another route may still serve), except what an instance core has
     * closed throws while it goes away (IllegalStateException, RejectedExecutionException: a retryable
     * {@code UNAVAILABLE}).
     */
    public static ProviderException asProviderException(Throwable failure, boolean closedByCore) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderException pe) {
            return pe;
        }
        if (cause instanceof TimeoutException) {
            return new ProviderException(ErrorCode.TIMEOUT, "The provider did not answer in time", true, null, 0, cause);
        }
        if (cause instanceof CancellationException
                || closedByCore && (cause instanceof RejectedExecutionException || cause instanceof IllegalStateException)) {
            return new ProviderException(ErrorCode.UNAVAILABLE, "The provider instance is going away", true, null, 0,
                    cause);
        }
        return new ProviderException(ErrorCode.INTERNAL, "The provider failed: " + cause.getClass().getSimpleName(),
                false, null, 0, cause);
    }

    /** What a call ends with when the request's deadline passed before the provider answered. */
    static ProviderException deadlinePassed() {
        return new ProviderException(ErrorCode.TIMEOUT, "The request's deadline passed", false, null, 0, null);
    }

    /**
     * What the client gets when the gateway itself failed while ending its request (something threw while a
     * failure was handled, or in a listener callback): a 500, rather than waiting for its own timeout.
     */
    static GatewayException gatewayFault() {
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed while handling the request.", null);
    }

    public static GatewayException toGateway(ProviderException error) {
        ErrorCode code = error.code();
        return switch (code) {
            case RATE_LIMIT -> new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null,
                    "The upstream provider is rate limiting requests; retry later.", error.retryAfter());
            case BAD_REQUEST -> new GatewayException(400, "invalid_request_error", null, null,
                    "The provider rejected the request: " + error.getMessage(), null);
            case CONTEXT_LENGTH -> new GatewayException(400, "invalid_request_error", "context_length_exceeded",
                    "messages", error.getMessage(), null);
            case CONTENT_FILTER -> new GatewayException(400, "invalid_request_error", "content_filter", null,
                    error.getMessage(), null);
            case NOT_FOUND -> new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The provider does not know the requested model.", null);
            case AUTH, PERMISSION -> new GatewayException(502, "api_error", "upstream_auth_error", null,
                    "The upstream provider rejected the gateway's credentials.", null);
            case TIMEOUT -> new GatewayException(504, "api_error", "upstream_timeout", null,
                    "The upstream provider did not answer in time.", null);
            case UNAVAILABLE -> new GatewayException(503, "api_error", "upstream_unavailable", null,
                    "No provider could serve the request right now; retry later.", error.retryAfter());
            case INTERNAL -> new GatewayException(502, "api_error", "upstream_error", null,
                    "The upstream provider failed to answer.", null);
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
