package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamResponse;

/**
 * Ollama's error answers ({@code {"error": "..."}} with an HTTP status) as {@link ProviderException}s. The one
 * that matters most: a model that was never pulled answers 404 {@code model "x" not found, try pulling it first};
 * it is {@code NOT_FOUND} with a message that says what to do ({@code ollama pull x}), which the client sees.
 */
final class OllamaErrors {

    static final String PROVIDER = "ollama";
    private static final int MAX_MESSAGE_CHARS = 500;

    private OllamaErrors() {
    }

    /** A non-2xx answer to a call for {@code model}. */
    static ProviderException fromResponse(UpstreamResponse response, String model, String secret) {
        String error = OllamaWire.readError(response.body());
        String detail = Redaction.redact(error != null ? error : response.bodyText(200), MAX_MESSAGE_CHARS, secret);
        if (response.status() == 404 && (error == null || error.contains("not found"))) {
            return new ProviderException(ErrorCode.NOT_FOUND, PROVIDER + ": model '" + model
                    + "' is not pulled on this Ollama server; run 'ollama pull " + model + "' there (" + detail + ")",
                    false, null, 404, null);
        }
        ErrorCode code = StatusMapping.errorCode(response.status());
        return new ProviderException(code, PROVIDER + " answered " + response.status() + (detail.isBlank() ? "" : ": " + detail),
                code.retryableByDefault(), RetryAfter.fromHeaders(response.headers()), response.status(), null);
    }

    /** An {@code {"error": "..."}} line inside a 200 stream: the runner failed (out of memory, crashed). */
    static ProviderException fromStreamError(String error, String secret) {
        return new ProviderException(ErrorCode.UNAVAILABLE, PROVIDER + " stream error: "
                + Redaction.redact(error, MAX_MESSAGE_CHARS, secret), true, null, 200, null);
    }
}
