package dev.switchboard.provider.gemini.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * Gemini's failures as {@link ProviderException}s. Google answers errors as
 * {@code {"error":{"code","message","status","details":[...]}}}: {@code status} is the canonical code
 * (INVALID_ARGUMENT, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNAVAILABLE, ...) and {@code details} may carry an
 * ErrorInfo {@code reason}, a RetryInfo {@code retryDelay} and a QuotaFailure. Refinements of the HTTP status:
 * <ul>
 *   <li>a bad key is a 400 (reason {@code API_KEY_INVALID}), not a 401: {@code AUTH};</li>
 *   <li>a 400 about the input token count is {@code CONTEXT_LENGTH};</li>
 *   <li>{@code FAILED_PRECONDITION} (a region or billing the account cannot use) is {@code PERMISSION}: the
 *       request is fine and another instance may serve it;</li>
 *   <li>429 waits for {@code Retry-After} if sent, else RetryInfo's delay; a per-day quota is not retryable, since
 *       waiting seconds will not help (another instance, another project, may).</li>
 * </ul>
 * A blocked prompt ({@code promptFeedback.blockReason}) is {@code CONTENT_FILTER}.
 */
final class GeminiErrors {

    static final String PROVIDER = "gemini";

    private static final int MAX_MESSAGE_CHARS = 500;
    /** Google API keys: "AIza" and 35 more characters. */
    private static final Pattern KEY_LIKE = Pattern.compile("AIza[0-9A-Za-z_\\-]{20,}");

    private GeminiErrors() {
    }

    /** A non-2xx answer. */
    static ProviderException fromResponse(UpstreamResponse response, String apiKey) {
        GeminiWire.Error error = GeminiWire.readError(response.body());
        String detail = error != null ? error.message() : response.bodyText(200);
        return classify(response.status(), error, detail, response.headers(), apiKey);
    }

    /** An {@code error} object that arrived inside a 200 event stream. */
    static ProviderException fromStreamError(GeminiWire.Error error, String apiKey) {
        return classify(0, error, error.message(), null, apiKey);
    }

    /** The prompt itself was refused by Gemini's safety system. */
    static ProviderException blocked(GeminiWire.PromptFeedback feedback) {
        String message = PROVIDER + " blocked the prompt: " + feedback.blockReason()
                + (feedback.blockReasonMessage() == null ? "" : " (" + feedback.blockReasonMessage() + ")");
        return new ProviderException(ErrorCode.CONTENT_FILTER, Redaction.redact(message, MAX_MESSAGE_CHARS), false,
                null, 200, null);
    }

    private static ProviderException classify(int status, GeminiWire.Error error, String detail, HttpFields headers,
                                              String apiKey) {
        String canonical = error == null ? null : error.status();
        String reason = error == null ? null : error.reason();
        String text = detail == null ? "" : detail;
        // a mid-stream error has no HTTP status of its own, but Google's envelope carries one
        int effective = status > 0 ? status : error != null && error.code() > 0 ? error.code() : 0;
        ErrorCode code = effective > 0 ? StatusMapping.errorCode(effective) : byStatus(canonical);
        Boolean retryable = null;
        if ("API_KEY_INVALID".equals(reason) || text.contains("API key not valid") || "UNAUTHENTICATED".equals(canonical)) {
            code = ErrorCode.AUTH;
        } else if ("PERMISSION_DENIED".equals(canonical) || "FAILED_PRECONDITION".equals(canonical)
                || "API_KEY_SERVICE_BLOCKED".equals(reason) || "SERVICE_DISABLED".equals(reason)) {
            code = ErrorCode.PERMISSION;
        } else if (code == ErrorCode.BAD_REQUEST && (text.contains("input token count")
                || text.contains("exceeds the maximum number of tokens"))) {
            code = ErrorCode.CONTEXT_LENGTH;
        } else if ("RESOURCE_EXHAUSTED".equals(canonical)) {
            code = ErrorCode.RATE_LIMIT;
            String quota = error.quotaId();
            if (quota != null && quota.contains("PerDay")) {
                retryable = false;
            }
        } else if ("NOT_FOUND".equals(canonical)) {
            code = ErrorCode.NOT_FOUND;
        } else if ("DEADLINE_EXCEEDED".equals(canonical)) {
            code = ErrorCode.TIMEOUT;
        }
        if (retryable == null) {
            retryable = code.retryableByDefault();
        }
        Duration retryAfter = headers == null ? null : RetryAfter.fromHeaders(headers);
        if (retryAfter == null && error != null && retryable) {
            retryAfter = error.retryDelay();
        }
        return new ProviderException(code, message(status, canonical, reason, text, apiKey), retryable, retryAfter,
                status, null);
    }

    /** Without any number: the canonical status alone says what happened. */
    private static ErrorCode byStatus(String canonical) {
        if (canonical == null) {
            return ErrorCode.INTERNAL;
        }
        return switch (canonical) {
            case "INVALID_ARGUMENT", "OUT_OF_RANGE" -> ErrorCode.BAD_REQUEST;
            case "UNAVAILABLE", "INTERNAL", "ABORTED", "UNKNOWN" -> ErrorCode.UNAVAILABLE;
            case "RESOURCE_EXHAUSTED" -> ErrorCode.RATE_LIMIT;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static String message(int status, String canonical, String reason, String detail, String apiKey) {
        StringBuilder message = new StringBuilder(PROVIDER);
        message.append(status > 0 ? " answered " + status : " stream error");
        if (canonical != null && !canonical.isBlank()) {
            message.append(' ').append(canonical);
        }
        if (reason != null && !reason.isBlank()) {
            message.append(" (").append(reason).append(')');
        }
        String clean = KEY_LIKE.matcher(Redaction.redact(detail, MAX_MESSAGE_CHARS, apiKey)).replaceAll(Redaction.MASK);
        if (!clean.isBlank()) {
            message.append(": ").append(clean);
        }
        return message.toString();
    }
}
