package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.GatewayException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what a provider call ended with to what the client sees. Upstream messages are passed on only
 * where they describe the client's own request (and then only their first line, at most 1 KB); anything
 * about our credentials, the provider's hosts or its internals is replaced by a message of our own that
 * names the instance and the error code, since upstream texts may quote (masked) keys or internal names.
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

    /** What a call ends with when the request's deadline ({@code timeoutMillis} after admission) passed first. */
    static ProviderException deadlinePassed(long timeoutMillis) {
        return new DeadlinePassed(timeoutMillis);
    }

    /**
     * What the client gets when the gateway itself failed while ending its request (something threw while a
     * failure was handled, or in a listener callback): a 500, rather than waiting for its own timeout.
     */
    static GatewayException gatewayFault() {
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed while handling the request.", null);
    }

    /**
     * What the client sees when the call to {@code instanceId} ended the request with {@code error}.
     * Client faults (BAD_REQUEST, CONTEXT_LENGTH, CONTENT_FILTER) relay the provider's text: it tells the
     * client what to change. Everything else is our own words, naming the instance, the error code and
     * the upstream status: upstream texts about our credentials, hosts or internals are not the client's.
     */
    public static GatewayException toGateway(String instanceId, ProviderException error) {
        return toGateway(instanceId, error, -1);
    }

    /** As {@link #toGateway(String, ProviderException)}, for a stream that already sent {@code chunks} chunks. */
    public static GatewayException streamCut(String instanceId, int chunks, ProviderException error) {
        return toGateway(instanceId, error, chunks);
    }

    private static GatewayException toGateway(String instanceId, ProviderException error, int chunksSent) {
        ErrorCode code = error.code();
        String upstream = "Upstream '" + instanceId + "'";
        if (code.isClientFault()) {
            String relayed = UpstreamText.relayable(error.getMessage());
            String text = upstream + " rejected the request (" + code + ")"
                    + (relayed.isEmpty() ? statusNote(error) : ": " + relayed);
            return switch (code) {
                case CONTEXT_LENGTH -> new GatewayException(400, "invalid_request_error", "context_length_exceeded",
                        "messages", text, null);
                case CONTENT_FILTER -> new GatewayException(400, "invalid_request_error", "content_filter", null,
                        text, null);
                default -> new GatewayException(400, "invalid_request_error", stableCode(code), null, text, null);
            };
        }
        String what;
        if (error instanceof DeadlinePassed deadline) {
            what = upstream + " timed out after " + deadline.timeoutMillis + " ms (the request's deadline)";
        } else {
            what = upstream + " failed: " + code + statusNote(error);
        }
        if (chunksSent >= 0) {
            what = "The upstream stream from '" + instanceId + "' was cut after " + chunksSent
                    + (chunksSent == 1 ? " chunk: " : " chunks: ") + code + statusNote(error);
        }
        return switch (code) {
            case RATE_LIMIT -> new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null,
                    what + "; the upstream is rate limiting requests, retry later.", error.retryAfter());
            case NOT_FOUND -> new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    what + "; the upstream does not know the requested model.", null);
            case AUTH, PERMISSION -> new GatewayException(502, "api_error", stableCode(code), null,
                    what + "; the upstream rejected the gateway's credentials.", null);
            case TIMEOUT -> new GatewayException(504, "api_error", stableCode(code), null, what + ".", null);
            case UNAVAILABLE -> new GatewayException(503, "api_error", stableCode(code), null,
                    what + "; retry later.", error.retryAfter());
            default -> new GatewayException(code.gatewayStatus(), "api_error", stableCode(code), null, what + ".", null);
        };
    }

    /** The error code as the {@code code} field shows it where OpenAI has none of its own: stable, lower case. */
    static String stableCode(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    private static String statusNote(ProviderException error) {
        if (error instanceof DeadlinePassed) {
            return " (the request's deadline passed)";
        }
        return error.upstreamStatus() > 0 ? " (HTTP " + error.upstreamStatus() + ")" : " (no HTTP answer)";
    }

    /** Our own deadline, not the provider's: the message can say how long we waited. */
    private static final class DeadlinePassed extends ProviderException {

        private static final long serialVersionUID = 1L;

        private final long timeoutMillis;

        DeadlinePassed(long timeoutMillis) {
            super(ErrorCode.TIMEOUT, "The request's deadline of " + timeoutMillis + " ms passed", false, null, 0, null);
            this.timeoutMillis = timeoutMillis;
        }
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
