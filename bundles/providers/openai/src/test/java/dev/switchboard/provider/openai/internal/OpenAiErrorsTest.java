package dev.switchboard.provider.openai.internal;

import dev.switchboard.support.openai.OpenAiWire;
import dev.switchboard.support.openai.OpenAiErrors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

public class OpenAiErrorsTest {

    static final String KEY = "sk-proj-TestKeyThatMustNeverLeak0123456789WXYZ";

    @Test
    public void contextLengthIsItsOwnCode() {
        ProviderException e = map(400, "error-400-context-length.json", new HttpFields());

        assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH);
        assertThat(e.retryable()).isFalse();
        assertThat(e.upstreamStatus()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("openai answered 400 context_length_exceeded: This model's maximum context length");
    }

    @Test
    public void aFlaggedPromptIsAContentFilterError() {
        ProviderException e = map(400, "error-400-invalid-prompt.json", new HttpFields());

        assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    public void aBadKeyIsAuthAndItsEchoIsRedacted() {
        HttpFields headers = new HttpFields();
        headers.put("x-request-id", "req_0123abc");
        String body = WireSamples.text("error-401-invalid-api-key.json").replace("sk-proj-********************************************WXYZ", KEY);

        ProviderException masked = map(401, "error-401-invalid-api-key.json", headers);
        ProviderException plain = OpenAiErrors.fromResponse(new UpstreamResponse(401, headers,
                body.getBytes(StandardCharsets.UTF_8)), KEY);

        assertThat(masked.code()).isEqualTo(ErrorCode.AUTH);
        assertThat(masked.retryable()).isFalse();
        assertThat(masked.getMessage()).isEqualTo("openai answered 401 invalid_api_key: Incorrect API key provided: "
                + "sk-***. You can find your API key at https://platform.openai.com/account/api-keys. [request req_0123abc]");
        assertThat(plain.getMessage()).doesNotContain(KEY).doesNotContain("WXYZ").contains("Incorrect API key provided: ***");
    }

    @Test
    public void anUnknownModelIsNotFound() {
        assertThat(map(404, "error-404-model-not-found.json", new HttpFields()).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    public void aRateLimitIsRetryableAfterWhatTheHeadersSay() {
        HttpFields headers = new HttpFields();
        headers.put("Retry-After", "3");

        ProviderException e = map(429, "error-429-rate-limit.json", headers);

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.getMessage()).startsWith("openai answered 429 rate_limit_exceeded: Rate limit reached for gpt-4o");
    }

    @Test
    public void retryAfterMsIsPreferred() {
        HttpFields headers = new HttpFields();
        headers.put("Retry-After", "1");
        headers.put("retry-after-ms", "520");

        assertThat(map(429, "error-429-rate-limit.json", headers).retryAfter()).isEqualTo(Duration.ofMillis(520));
    }

    @Test
    public void withoutRetryAfterTheExhaustedLimitsResetIsTheHint() {
        HttpFields tokens = new HttpFields();
        tokens.put("x-ratelimit-remaining-requests", "499");
        tokens.put("x-ratelimit-remaining-tokens", "0");
        tokens.put("x-ratelimit-reset-requests", "120ms");
        tokens.put("x-ratelimit-reset-tokens", "6m0s");
        HttpFields unclear = new HttpFields();
        unclear.put("x-ratelimit-reset-requests", "1s");
        unclear.put("x-ratelimit-reset-tokens", "17.28s");

        assertThat(map(429, "error-429-rate-limit.json", tokens).retryAfter()).isEqualTo(Duration.ofMinutes(6));
        assertThat(map(429, "error-429-rate-limit.json", unclear).retryAfter()).isEqualTo(Duration.ofMillis(17_280));
        assertThat(map(429, "error-429-rate-limit.json", new HttpFields()).retryAfter()).isNull();
    }

    @Test
    public void anExhaustedQuotaIsARateLimitThatWaitingDoesNotFix() {
        HttpFields headers = new HttpFields();
        headers.put("x-ratelimit-reset-requests", "1s");

        ProviderException e = map(429, "error-429-insufficient-quota.json", headers);

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    public void aServerErrorIsRetryableUnavailability() {
        ProviderException e = map(500, "error-500-server-error.json", new HttpFields());

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("openai answered 500 server_error: The server had an error while processing "
                + "your request. Sorry about that!");
    }

    @Test
    public void openAiSaysWhetherToRetry() {
        HttpFields no = new HttpFields();
        no.put("x-should-retry", "false");
        HttpFields yes = new HttpFields();
        yes.put("x-should-retry", "true");

        assertThat(map(500, "error-500-server-error.json", no).retryable()).isFalse();
        assertThat(map(409, "error-500-server-error.json", yes).retryable()).isTrue();
        assertThat(map(400, "error-400-context-length.json", yes).retryable()).isFalse();
    }

    @Test
    public void aBodyThatIsNotOpenAisEnvelopeStillMaps() {
        UpstreamResponse response = new UpstreamResponse(502, new HttpFields(),
                "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));

        ProviderException e = OpenAiErrors.fromResponse(response, KEY);

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("openai answered 502: <html><body>502 Bad Gateway</body></html>");
    }

    @Test
    public void errorsInsideAStreamMapByType() {
        assertThat(OpenAiErrors.fromStreamError(new OpenAiWire.Error("boom", "server_error", null, null), KEY).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(OpenAiErrors.fromStreamError(new OpenAiWire.Error("slow down", "tokens", "rate_limit_exceeded", null), KEY)
                .code()).isEqualTo(ErrorCode.RATE_LIMIT);
        ProviderException filtered = OpenAiErrors.fromStreamError(
                new OpenAiWire.Error("flagged", "invalid_request_error", "content_filter", null), KEY);
        assertThat(filtered.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
        assertThat(filtered.getMessage()).isEqualTo("openai stream error content_filter: flagged");
    }

    private static ProviderException map(int status, String fixture, HttpFields headers) {
        return OpenAiErrors.fromResponse(new UpstreamResponse(status, headers, WireSamples.bytes(fixture)), KEY);
    }
}
