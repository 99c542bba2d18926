package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Bedrock's errors as {@link ProviderException}s. An HTTP error names its kind in the {@code x-amzn-ErrorType}
 * header ({@code ThrottlingException:http://internal.amazon.com/coral/...}) with {@code {"message": ...}} as the
 * body; inside a stream, an {@code exception} message names it in {@code :exception-type}
 * ({@code throttlingException}). Both are read the same way; an unknown kind falls back to the HTTP status.
 */
final class BedrockErrors {

    static final String PROVIDER = "bedrock";

    private static final int MAX_MESSAGE_CHARS = 500;

    private BedrockErrors() {
    }

    /** A non-2xx answer. */
    static ProviderException fromResponse(UpstreamResponse response, String... secrets) {
        String type = kind(response.header("x-amzn-ErrorType"));
        String message = BedrockWire.readMessage(response.body());
        if (message == null) {
            message = response.bodyText(200);
        }
        return classify(response.status(), type, message, RetryAfter.fromHeaders(response.headers()),
                response.header("x-amzn-RequestId"), secrets);
    }

    /** An {@code exception} (or {@code error}) message inside a 200 event stream. */
    static ProviderException fromStreamException(String exceptionType, byte[] payload, String... secrets) {
        return classify(0, kind(exceptionType), BedrockWire.readMessage(payload), null, null, secrets);
    }

    /** {@code ThrottlingException:http://...}, {@code com.amazon...#ThrottlingException}: the bare name. */
    static String kind(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String kind = raw.trim();
        int colon = kind.indexOf(':');
        if (colon >= 0) {
            kind = kind.substring(0, colon);
        }
        int hash = kind.lastIndexOf('#');
        return hash >= 0 ? kind.substring(hash + 1) : kind;
    }

    static ProviderException classify(int status, String type, String detail, Duration retryAfter, String requestId,
                                      String... secrets) {
        String text = detail == null ? "" : detail;
        ErrorCode code = status > 0 ? StatusMapping.errorCode(status) : ErrorCode.UNAVAILABLE;
        Boolean retryable = null;
        if (type != null) {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "throttlingexception", "toomanyrequestsexception", "rate_limit_error" -> code = ErrorCode.RATE_LIMIT;
                case "servicequotaexceededexception" -> {
                    code = ErrorCode.RATE_LIMIT;
                    retryable = false; // an account quota: waiting does not help, another account might
                }
                // Claude's own error events inside an InvokeModel stream
                case "overloaded_error", "api_error" -> code = ErrorCode.UNAVAILABLE;
                case "authentication_error" -> code = ErrorCode.AUTH;
                case "permission_error" -> code = ErrorCode.PERMISSION;
                case "not_found_error" -> code = ErrorCode.NOT_FOUND;
                case "validationexception", "invalid_request_error" -> code = looksLikeContextLength(text) ? ErrorCode.CONTEXT_LENGTH
                        : ErrorCode.BAD_REQUEST;
                case "accessdeniedexception" -> code = ErrorCode.PERMISSION;
                case "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
                     "incompletesignatureexception", "missingauthenticationtokenexception" -> code = ErrorCode.AUTH;
                case "resourcenotfoundexception" -> code = ErrorCode.NOT_FOUND;
                case "modeltimeoutexception" -> code = ErrorCode.TIMEOUT;
                case "modelnotreadyexception", "serviceunavailableexception", "internalserverexception",
                     "modelerrorexception", "modelstreamerrorexception" -> code = ErrorCode.UNAVAILABLE;
                default -> {
                    // unknown kinds keep the status's reading
                }
            }
        } else if (code == ErrorCode.BAD_REQUEST && looksLikeContextLength(text)) {
            code = ErrorCode.CONTEXT_LENGTH;
        }
        if (code == ErrorCode.BAD_REQUEST && text.toLowerCase(Locale.ROOT).contains("guardrail")) {
            code = ErrorCode.CONTENT_FILTER;
        }
        boolean canRetry = retryable != null ? retryable : code.retryableByDefault();
        StringBuilder message = new StringBuilder(PROVIDER);
        message.append(status > 0 ? " answered " + status : " stream error");
        if (type != null) {
            message.append(' ').append(type);
        }
        String clean = Redaction.redact(text, MAX_MESSAGE_CHARS, secrets);
        if (!clean.isBlank()) {
            message.append(": ").append(clean);
        }
        if (requestId != null && !requestId.isBlank()) {
            message.append(" [request ").append(requestId.length() > 100 ? requestId.substring(0, 100) : requestId)
                    .append(']');
        }
        return new ProviderException(code, message.toString(), canRetry, canRetry ? retryAfter : null, status, null);
    }

    private static boolean looksLikeContextLength(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("too long") || lower.contains("context length") || lower.contains("context window")
                || lower.contains("maximum context");
    }
}
