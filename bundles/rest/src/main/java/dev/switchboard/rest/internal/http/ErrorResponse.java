package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import dev.switchboard.rest.internal.json.OpenAiErrorWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import javax.servlet.http.HttpServletResponse;

/**
 * Sends a {@link GatewayException} as a complete HTTP error response: status, Retry-After, the error JSON (OpenAI's
 * unless the endpoint speaks another API).
 */
final class ErrorResponse {

    private static final OpenAiErrorWriter WRITER = new OpenAiErrorWriter();

    private ErrorResponse() {
    }

    /** @return false when the response was already committed, so the caller must report the error another way */
    static boolean send(HttpServletResponse response, GatewayException error) throws IOException {
        return send(response, error, WRITER);
    }

    /** As {@link #send(HttpServletResponse, GatewayException)}, with the endpoint's error body. */
    static boolean send(HttpServletResponse response, GatewayException error, ErrorBodyWriter writer)
            throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType("application/json");
        if (error.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds(error.retryAfter())));
        }
        error.headers().forEach(response::setHeader);
        // with its own length: a half-built answer may have set another one before it failed
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        writer.write(error, body);
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
        return true;
    }

    /** HTTP wants whole seconds; rounding down would invite the client back too early. */
    static long retryAfterSeconds(Duration retryAfter) {
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            return 0;
        }
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }
}
