package dev.switchboard.provider.anthropic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.testkit.WireSamples;
import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

/** Anthropic's documented error answers (fixtures) to error codes, retryability and clean messages. */
public class AnthropicErrorsTest {

    static final String KEY = "sk-ant-api03-contract-test-key-0123456789";

    private static ProviderException answer(int status, String fixture, String... headers) {
        HttpFields fields = new HttpFields();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            fields.put(headers[i], headers[i + 1]);
        }
        return AnthropicErrors.fromResponse(new UpstreamResponse(status, fields, WireSamples.bytes(fixture)), KEY);
    }

    @Test
    public void rateLimitedIsRetryableAfterRetryAfter() {
        ProviderException e = answer(429, "error-429-rate-limit.json", "retry-after", "7", "request-id", "req_1");
        assertEquals(ErrorCode.RATE_LIMIT, e.code());
        assertTrue(e.retryable());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertTrue(e.getMessage(), e.getMessage().contains("[request req_1]"));
    }

    @Test
    public void overloadedIsUnavailableAndRetryable() {
        ProviderException e = answer(529, "error-529-overloaded.json");
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("overloaded_error"));
    }

    @Test
    public void promptTooLongIsContextLength() {
        ProviderException e = answer(400, "error-400-prompt-too-long.json");
        assertEquals(ErrorCode.CONTEXT_LENGTH, e.code());
        assertFalse(e.retryable());
    }

    @Test
    public void statusesMapAsDocumented() {
        assertEquals(ErrorCode.BAD_REQUEST, answer(400, "error-400-invalid-request.json").code());
        assertEquals(ErrorCode.AUTH, answer(401, "error-401-authentication.json").code());
        assertEquals(ErrorCode.PERMISSION, answer(403, "error-403-permission.json").code());
        assertEquals(ErrorCode.NOT_FOUND, answer(404, "error-404-not-found.json").code());
        assertEquals(ErrorCode.BAD_REQUEST, answer(413, "error-413-request-too-large.json").code());
        ProviderException internal = answer(500, "error-500-api-error.json");
        assertEquals(ErrorCode.UNAVAILABLE, internal.code());
        assertTrue(internal.retryable());
    }

    @Test
    public void theKeyNeverReachesTheMessage() {
        ProviderException e = answer(401, "error-401-authentication.json");
        assertFalse(e.getMessage(), e.getMessage().contains(KEY));
        assertFalse(e.getMessage(), e.getMessage().contains("sk-ant-api03-abc"));
    }

    @Test
    public void streamErrorEventsMapByType() {
        ProviderException overloaded = AnthropicErrors.fromStreamError(
                new AnthropicWire.Error("overloaded_error", "Overloaded"), KEY);
        assertEquals(ErrorCode.UNAVAILABLE, overloaded.code());
        assertTrue(overloaded.retryable());
        assertEquals(ErrorCode.BAD_REQUEST, AnthropicErrors.fromStreamError(
                new AnthropicWire.Error("invalid_request_error", "bad"), KEY).code());
    }
}
