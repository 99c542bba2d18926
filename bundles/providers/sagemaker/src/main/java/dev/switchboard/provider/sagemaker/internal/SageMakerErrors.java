package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * SageMaker Runtime's errors ({@code x-amzn-ErrorType} + {@code {"message"}} or {@code {"Message"}}, and the
 * {@code ModelStreamError} / {@code InternalStreamFailure} exception events of a stream) as
 * {@link ProviderException}s. A {@code ModelError} (424) is the container's own failure: its original status
 * ({@code OriginalStatusCode}) says whose fault it was.
 */
final class SageMakerErrors {

    static final String PROVIDER = "sagemaker";

    private SageMakerErrors() {
    }

    static ProviderException fromResponse(UpstreamResponse response, String... secrets) {
        String body = response.bodyText(1000);
        return classify(response.status(), kind(response.header("x-amzn-ErrorType")), message(body), originalStatus(body),
                RetryAfter.fromHeaders(response.headers()), response.header("x-amzn-RequestId"), secrets);
    }

    static ProviderException fromStreamException(String type, String payload, String... secrets) {
        return classify(0, kind(type), message(payload), 0, null, null, secrets);
    }

    static ProviderException classify(int status, String type, String detail, int originalStatus, Duration retryAfter,
                                      String requestId, String... secrets) {
        ErrorCode code = status > 0 ? StatusMapping.errorCode(status) : ErrorCode.UNAVAILABLE;
        if (type != null) {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "throttlingexception" -> code = ErrorCode.RATE_LIMIT;
                case "validationerror", "validationexception" -> code = ErrorCode.BAD_REQUEST;
                case "accessdeniedexception" -> code = ErrorCode.PERMISSION;
                case "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception" -> code = ErrorCode.AUTH;
                case "modelnotreadyexception", "serviceunavailable", "internalfailure", "internaldependencyexception",
                     "modelstreamerror", "internalstreamfailure" -> code = ErrorCode.UNAVAILABLE;
                case "modelerror" -> code = originalStatus >= 400 && originalStatus < 500 && originalStatus != 429
                        && originalStatus != 408 ? ErrorCode.BAD_REQUEST : ErrorCode.UNAVAILABLE;
                default -> {
                    // unknown kinds keep the status's reading
                }
            }
        }
        boolean retryable = code.retryableByDefault();
        StringBuilder message = new StringBuilder(PROVIDER).append(status > 0 ? " answered " + status : " stream error");
        if (type != null) {
            message.append(' ').append(type);
        }
        String clean = Redaction.redact(detail == null ? "" : detail, 500, secrets);
        if (!clean.isBlank()) {
            message.append(": ").append(clean);
        }
        if (requestId != null && !requestId.isBlank()) {
            message.append(" [request ").append(requestId.length() > 100 ? requestId.substring(0, 100) : requestId).append(']');
        }
        return new ProviderException(code, message.toString(), retryable, retryable ? retryAfter : null, status, null);
    }

    static String kind(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String kind = raw.trim();
        int colon = kind.indexOf(':');
        return colon >= 0 ? kind.substring(0, colon) : kind;
    }

    private static String message(String body) {
        if (body == null) {
            return null;
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"[Mm]essage\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(body);
        return matcher.find() ? matcher.group(1) : body;
    }

    private static int originalStatus(String body) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"OriginalStatusCode\"\\s*:\\s*(\\d{3})")
                .matcher(body == null ? "" : body);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}
