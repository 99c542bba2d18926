package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * Anthropic's error answers ({@code {"type":"error","error":{"type","message"}}} with an HTTP status) and
 * {@code error} events inside a stream as {@link ProviderException}s. 429 and 529 (overloaded) are retryable,
 * after {@code retry-after} when given; the message keeps Anthropic's text and {@code request-id}, minus
 * anything key-like.
 */
final class AnthropicErrors {

    static final String PROVIDER = "anthropic";

    private static final int MAX_MESSAGE_CHARS = 500;
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-ant-[A-Za-z0-9_*\\-]{3,}");

    private AnthropicErrors() {
    }

    /** A non-2xx answer. */
    static ProviderException fromResponse(UpstreamResponse response, String apiKey) {
        AnthropicWire.Error error = AnthropicWire.readError(response.body());
        String detail = error != null ? error.message() : response.bodyText(200);
        return classify(response.status(), error == null ? null : error.type(), detail, response.headers(), apiKey);
    }

    /** An {@code error} event that arrived inside a 200 event stream. */
    static ProviderException fromStreamError(AnthropicWire.Error error, String apiKey) {
        return classify(0, error == null ? null : error.type(), error == null ? null : error.message(), null, apiKey);
    }

    private static ProviderException classify(int status, String type, String detail, HttpFields headers,
                                              String apiKey) {
        String text = detail == null ? "" : detail;
        ErrorCode code = status > 0 ? StatusMapping.errorCode(status) : byType(type);
        Boolean retryable = null;
        if ("invalid_request_error".equals(type) && (text.contains("prompt is too long")
                || text.contains("context window") || text.contains("context length"))) {
            code = ErrorCode.CONTEXT_LENGTH;
        } else if ("billing_error".equals(type)) {
            // out of credit: waiting does not help, another account might
            code = ErrorCode.RATE_LIMIT;
            retryable = false;
        } else if (status == 0 || status == 200) {
            code = byType(type);
        }
        if (retryable == null) {
            retryable = code.retryableByDefault();
            // Anthropic's SDKs follow this header; so do we, never for client faults
            String shouldRetry = headers == null ? null : headers.get("x-should-retry");
            if ("true".equalsIgnoreCase(shouldRetry) && !code.isClientFault()) {
                retryable = true;
            } else if ("false".equalsIgnoreCase(shouldRetry)) {
                retryable = false;
            }
        }
        Duration retryAfter = headers == null ? null : RetryAfter.fromHeaders(headers);
        return new ProviderException(code, message(status, type, text, headers, apiKey), retryable, retryAfter,
                status, null);
    }

    /** A mid-stream error has no status: its type says what happened. */
    static ErrorCode byType(String type) {
        if (type == null) {
            return ErrorCode.INTERNAL;
        }
        return switch (type) {
            case "overloaded_error", "api_error" -> ErrorCode.UNAVAILABLE;
            case "rate_limit_error" -> ErrorCode.RATE_LIMIT;
            case "invalid_request_error", "request_too_large" -> ErrorCode.BAD_REQUEST;
            case "authentication_error" -> ErrorCode.AUTH;
            case "permission_error" -> ErrorCode.PERMISSION;
            case "not_found_error" -> ErrorCode.NOT_FOUND;
            case "timeout_error" -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static String message(int status, String type, String detail, HttpFields headers, String apiKey) {
        StringBuilder message = new StringBuilder(PROVIDER);
        message.append(status > 0 ? " answered " + status : " stream error");
        if (type != null && !type.isBlank()) {
            message.append(' ').append(type);
        }
        String clean = KEY_LIKE.matcher(Redaction.redact(detail, MAX_MESSAGE_CHARS, apiKey))
                .replaceAll("sk-ant-" + Redaction.MASK);
        if (!clean.isBlank()) {
            message.append(": ").append(clean);
        }
        String requestId = headers == null ? null : headers.get("request-id");
        if (requestId != null && !requestId.isBlank()) {
            // Anthropic support asks for this id
            message.append(" [request ").append(requestId.length() > 100 ? requestId.substring(0, 100) : requestId)
                    .append(']');
        }
        return message.toString();
    }
}
