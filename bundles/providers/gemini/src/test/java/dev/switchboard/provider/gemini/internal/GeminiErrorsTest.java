package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

/** Google's error envelopes, as the Gemini API answers them, mapped to error codes. */
public class GeminiErrorsTest {

    static final String KEY = GeminiContractTest.KEY;

    private static ProviderException fromFixture(int status, String fixture) {
        return GeminiErrors.fromResponse(new UpstreamResponse(status, new HttpFields(), WireSamples.bytes(fixture)), KEY);
    }

    @Test
    public void invalidArgumentIsABadRequestShowingGooglesMessage() {
        ProviderException e = fromFixture(400, "error-400-invalid-argument.json");

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("gemini answered 400 INVALID_ARGUMENT: Invalid JSON payload");
    }

    @Test
    public void anInvalidKeyIsAuthThoughGoogleAnswers400() {
        ProviderException e = fromFixture(400, "error-400-api-key-invalid.json");

        assertThat(e.code()).isEqualTo(ErrorCode.AUTH);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("API_KEY_INVALID");
    }

    @Test
    public void tooManyInputTokensIsContextLength() {
        assertThat(fromFixture(400, "error-400-context-length.json").code()).isEqualTo(ErrorCode.CONTEXT_LENGTH);
    }

    @Test
    public void anUnsupportedLocationIsPermissionSoAnotherInstanceMayServe() {
        ProviderException e = fromFixture(400, "error-400-failed-precondition.json");

        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION);
        assertThat(e.code().isClientFault()).isFalse();
    }

    @Test
    public void permissionDeniedAndNotFound() {
        assertThat(fromFixture(403, "error-403-permission-denied.json").code()).isEqualTo(ErrorCode.PERMISSION);
        assertThat(fromFixture(404, "error-404-not-found.json").code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    public void resourceExhaustedWaitsForTheRetryInfoDelay() {
        ProviderException e = fromFixture(429, "error-429-resource-exhausted.json");

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    public void aRetryAfterHeaderWinsOverRetryInfo() {
        HttpFields headers = new HttpFields();
        headers.put("Retry-After", "3");
        ProviderException e = GeminiErrors.fromResponse(new UpstreamResponse(429, headers,
                WireSamples.bytes("error-429-resource-exhausted.json")), KEY);

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    public void anExhaustedDailyQuotaIsNotWorthWaitingFor() {
        ProviderException e = fromFixture(429, "error-429-per-day.json");

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    public void serverErrorsAreUnavailableAndRetryable() {
        for (String[] c : new String[][] {{"500", "error-500-internal.json"}, {"503", "error-503-unavailable.json"}}) {
            ProviderException e = fromFixture(Integer.parseInt(c[0]), c[1]);
            assertThat(e.code()).as(c[0]).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).as(c[0]).isTrue();
        }
    }

    @Test
    public void anErrorInsideTheStreamIsMappedByItsCode() throws Exception {
        GeminiWire.Response event = GeminiWire.readResponse(WireSamples.events("stream-error.sse").get(1));

        ProviderException e = GeminiErrors.fromStreamError(event.error(), KEY);

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("gemini stream error UNAVAILABLE: The model is overloaded");
    }

    @Test
    public void anErrorInAnArrayIsReadToo() {
        byte[] body = ("[" + WireSamples.text("error-404-not-found.json") + "]").getBytes(StandardCharsets.UTF_8);

        assertThat(GeminiWire.readError(body).status()).isEqualTo("NOT_FOUND");
    }

    @Test
    public void aBodyThatIsNotGooglesEnvelopeKeepsTheStatusMapping() {
        ProviderException e = GeminiErrors.fromResponse(new UpstreamResponse(502, new HttpFields(),
                "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)), KEY);

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("Bad Gateway");
    }

    @Test
    public void keysNeverReachTheMessage() {
        String body = "{\"error\":{\"code\":400,\"message\":\"bad key " + KEY + " and AIzaSyOTHERkey0123456789abcdefghijk\","
                + "\"status\":\"INVALID_ARGUMENT\"}}";

        ProviderException e = GeminiErrors.fromResponse(new UpstreamResponse(400, new HttpFields(),
                body.getBytes(StandardCharsets.UTF_8)), KEY);

        assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("AIzaSyOTHER").contains("***");
    }
}
