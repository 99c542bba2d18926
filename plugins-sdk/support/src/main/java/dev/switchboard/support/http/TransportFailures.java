package dev.switchboard.support.http;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong below HTTP (no connection, no answer in time, a dropped stream) to a
 * {@link ProviderException}. Messages name the upstream by host and port only: paths and query strings may
 * carry secrets for some providers and never appear.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    public static ProviderException toException(String provider, URI target, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderException) {
            return (ProviderException) cause;
        }
        String where = " (" + origin(target) + ")";
        String reason = reason(cause);
        if (cause instanceof TimeoutException) {
            return new ProviderException(ErrorCode.TIMEOUT, provider + ": " + reason + where, true, null, 0, cause);
        }
        if (cause instanceof RejectedExecutionException) {
            return new ProviderException(ErrorCode.UNAVAILABLE, provider + ": upstream request queue full: " + reason + where,
                    true, null, 0, cause);
        }
        if (cause instanceof IOException) {
            return new ProviderException(ErrorCode.UNAVAILABLE, provider + ": connection failed: " + reason + where,
                    true, null, 0, cause);
        }
        return new ProviderException(ErrorCode.INTERNAL, provider + ": call failed: " + reason + where, true, null, 0, cause);
    }

    /** {@code host:port} of the target, the only part of a URL that is safe to show. */
    public static String origin(URI target) {
        if (target == null || target.getHost() == null) {
            return "unknown upstream";
        }
        int port = target.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        }
        return target.getHost() + ":" + port;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
