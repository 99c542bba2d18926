package dev.switchboard.core.api;

import java.time.Duration;
import java.util.Map;

/**
 * A request the gateway will not or could not serve, with everything needed for OpenAI's error JSON:
 * the HTTP status, {@code type} (invalid_request_error, authentication_error, rate_limit_error,
 * api_error, ...), optional {@code code} and {@code param}, and for 429/503 the {@code retryAfter}.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    public GatewayException(int status, String type, String code, String param, String message, Duration retryAfter) {
        this(status, type, code, param, message, retryAfter, Map.of());
    }

    /** With response headers of its own (a 429's {@code x-ratelimit-*}); since 1.6. */
    public GatewayException(int status, String type, String code, String param, String message, Duration retryAfter,
                            Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static GatewayException invalidRequest(String param, String message) {
        return new GatewayException(400, "invalid_request_error", null, param, message, null);
    }

    public static GatewayException modelNotFound(String model) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.", null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Headers the error answer carries besides Retry-After (never secrets); empty for most errors. */
    public Map<String, String> headers() {
        return headers;
    }
}
