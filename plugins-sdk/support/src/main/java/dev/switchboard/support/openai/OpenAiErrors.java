package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * OpenAI's error answers ({@code {"error":{"message","type","code","param"}}} with an HTTP status and
 * rate-limit headers) as {@link ProviderException}s. The message keeps OpenAI's own text, minus anything
 * that looks like a key: a 401 echoes the rejected key, partly masked.
 */
public final class OpenAiErrors {

    public static final String PROVIDER = "openai";

    private static final int MAX_MESSAGE_CHARS = 500;
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");
    private static final Set<String> CONTENT_FILTER_CODES =
            Set.of("content_filter", "content_policy_violation", "invalid_prompt");
    /** Billing errors: waiting does not help, another instance (another account) might. */
    private static final Set<String> QUOTA_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached",
            "credit_balance_exhausted", "organization_spend_limit_exceeded", "project_spend_limit_exceeded",
            "organization_usage_limit_exceeded");

    private OpenAiErrors() {
    }

    /** A non-2xx answer from OpenAI itself. */
    public static ProviderException fromResponse(UpstreamResponse response, String apiKey) {
        return fromResponse(response, PROVIDER, apiKey);
    }

    /** A non-2xx answer; {@code provider} names the upstream in the message (e.g. "azure-openai"). */
    public static ProviderException fromResponse(UpstreamResponse response, String provider, String apiKey) {
        OpenAiWire.Error error = OpenAiWire.readError(response.body());
        String detail = error != null ? error.message() : response.bodyText(200);
        return classify(provider, response.status(), error, detail, response.headers(), apiKey);
    }

    /** An {@code error} object that arrived inside a 200 event stream from OpenAI itself. */
    public static ProviderException fromStreamError(OpenAiWire.Error error, String apiKey) {
        return fromStreamError(error, PROVIDER, apiKey);
    }

    /** An {@code error} object that arrived inside a 200 event stream. */
    public static ProviderException fromStreamError(OpenAiWire.Error error, String provider, String apiKey) {
        return classify(provider, 0, error, error.message(), null, apiKey);
    }

    private static ProviderException classify(String provider, int status, OpenAiWire.Error error, String detail,
                                              HttpFields headers, String apiKey) {
        String code = error == null ? null : error.code();
        String type = error == null ? null : error.type();
        String text = detail == null ? "" : detail;

        ErrorCode errorCode = status > 0 ? StatusMapping.errorCode(status) : byType(type);
        Boolean retryable = null;
        if ("context_length_exceeded".equals(code) || text.contains("maximum context length")) {
            errorCode = ErrorCode.CONTEXT_LENGTH;
        } else if (code != null && CONTENT_FILTER_CODES.contains(code) || "content_filter".equals(type)) {
            errorCode = ErrorCode.CONTENT_FILTER;
        } else if (code != null && QUOTA_CODES.contains(code) || "insufficient_quota".equals(type)) {
            errorCode = ErrorCode.RATE_LIMIT;
            retryable = false;
        } else if ("model_not_found".equals(code)) {
            errorCode = ErrorCode.NOT_FOUND;
        } else if ("invalid_api_key".equals(code)) {
            errorCode = ErrorCode.AUTH;
        } else if ("rate_limit_exceeded".equals(code) && status == 0) {
            errorCode = ErrorCode.RATE_LIMIT;
        }
        if (retryable == null) {
            retryable = errorCode.retryableByDefault();
            // OpenAI says outright when a retry is worth it; trust it over our reading of the status
            String shouldRetry = headers == null ? null : headers.get("x-should-retry");
            if ("true".equalsIgnoreCase(shouldRetry) && !errorCode.isClientFault()) {
                retryable = true;
            } else if ("false".equalsIgnoreCase(shouldRetry)) {
                retryable = false;
            }
        }
        Duration retryAfter = headers == null ? null : RetryAfter.fromHeaders(headers);
        if (retryAfter == null && retryable && errorCode == ErrorCode.RATE_LIMIT && headers != null) {
            retryAfter = rateLimitReset(headers);
        }
        return new ProviderException(errorCode, message(provider, status, code != null ? code : type, text, headers, apiKey),
                retryable, retryAfter, status, null);
    }

    /** OpenAI's request id; Azure answers with {@code apim-request-id} (and {@code x-ms-request-id}). */
    private static String requestId(HttpFields headers) {
        String id = headers.get("x-request-id");
        if (id == null) {
            id = headers.get("apim-request-id");
        }
        return id != null ? id : headers.get("x-ms-request-id");
    }

    /** A mid-stream error has no status: its type says what happened. */
    private static ErrorCode byType(String type) {
        if (type == null) {
            return ErrorCode.INTERNAL;
        }
        return switch (type) {
            case "server_error", "service_unavailable" -> ErrorCode.UNAVAILABLE;
            case "rate_limit_exceeded", "tokens", "requests" -> ErrorCode.RATE_LIMIT;
            case "invalid_request_error" -> ErrorCode.BAD_REQUEST;
            default -> ErrorCode.INTERNAL;
        };
    }

    /** When the 429 does not say Retry-After: the reset of the exhausted limit (both unknown: the later one). */
    private static Duration rateLimitReset(HttpFields headers) {
        Duration requests = RetryAfter.parseResetDuration(headers.get("x-ratelimit-reset-requests"));
        Duration tokens = RetryAfter.parseResetDuration(headers.get("x-ratelimit-reset-tokens"));
        if ("0".equals(headers.get("x-ratelimit-remaining-requests")) && requests != null) {
            return requests;
        }
        if ("0".equals(headers.get("x-ratelimit-remaining-tokens")) && tokens != null) {
            return tokens;
        }
        if (requests == null) {
            return tokens;
        }
        return tokens == null || requests.compareTo(tokens) >= 0 ? requests : tokens;
    }

    private static String message(String provider, int status, String kind, String detail, HttpFields headers,
                                  String apiKey) {
        StringBuilder message = new StringBuilder(provider);
        message.append(status > 0 ? " answered " + status : " stream error");
        if (kind != null && !kind.isBlank()) {
            message.append(' ').append(kind);
        }
        String clean = KEY_LIKE.matcher(Redaction.redact(detail, MAX_MESSAGE_CHARS, apiKey)).replaceAll("sk-" + Redaction.MASK);
        if (!clean.isBlank()) {
            message.append(": ").append(clean);
        }
        String requestId = headers == null ? null : requestId(headers);
        if (requestId != null && !requestId.isBlank()) {
            // OpenAI support asks for this id
            message.append(" [request ").append(requestId.length() > 100 ? requestId.substring(0, 100) : requestId).append(']');
        }
        return message.toString();
    }
}
