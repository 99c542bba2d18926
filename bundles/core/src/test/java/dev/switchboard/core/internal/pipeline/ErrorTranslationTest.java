package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.GatewayException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.Test;

public class ErrorTranslationTest {

    private static GatewayException translate(ErrorCode code, String message) {
        return ErrorTranslation.toGateway("openai-eu", new ProviderException(code, message, code.retryableByDefault(),
                Duration.ofSeconds(7), 0, null));
    }

    @Test
    public void eachCodeGetsItsStatusAndType() {
        assertThat(translate(ErrorCode.RATE_LIMIT, "x").status()).isEqualTo(429);
        assertThat(translate(ErrorCode.RATE_LIMIT, "x").type()).isEqualTo("rate_limit_error");
        assertThat(translate(ErrorCode.RATE_LIMIT, "x").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(translate(ErrorCode.BAD_REQUEST, "x").status()).isEqualTo(400);
        assertThat(translate(ErrorCode.CONTEXT_LENGTH, "x").code()).isEqualTo("context_length_exceeded");
        assertThat(translate(ErrorCode.CONTENT_FILTER, "x").code()).isEqualTo("content_filter");
        assertThat(translate(ErrorCode.NOT_FOUND, "x").code()).isEqualTo("model_not_found");
        assertThat(translate(ErrorCode.TIMEOUT, "x").status()).isEqualTo(504);
        assertThat(translate(ErrorCode.UNAVAILABLE, "x").status()).isEqualTo(503);
        assertThat(translate(ErrorCode.UNAVAILABLE, "x").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(translate(ErrorCode.INTERNAL, "x").status()).isEqualTo(502);
        assertThat(translate(ErrorCode.AUTH, "x").status()).isEqualTo(502);
    }

    @Test
    public void upstreamTextsAboutOurCredentialsAreNotPassedOn() {
        GatewayException auth = translate(ErrorCode.AUTH, "Incorrect API key provided: sk-proj-abc***xyz");
        assertThat(auth.getMessage()).doesNotContain("sk-");
        assertThat(translate(ErrorCode.PERMISSION, "key sk-123 lacks scope").getMessage()).doesNotContain("sk-");
    }

    @Test
    public void timeoutsAndInstancesCoreClosedAreRetryableAndProviderErrorsPassAsTheyAre() {
        assertThat(ErrorTranslation.asProviderException(new CompletionException(new TimeoutException()), false).code())
                .isEqualTo(ErrorCode.TIMEOUT);
        ProviderException gone = ErrorTranslation.asProviderException(new RejectedExecutionException("shut down"), true);
        assertThat(gone.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(gone.retryable()).isTrue();
        assertThat(ErrorTranslation.asProviderException(new IllegalStateException("closed"), true).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        ProviderException original = new ProviderException(ErrorCode.AUTH, "no");
        assertThat(ErrorTranslation.asProviderException(new CompletionException(original), false)).isSameAs(original);
    }

    @Test
    public void anyOtherExceptionFromPluginCodeIsANonRetryableBug() {
        for (RuntimeException bug : List.of(new NullPointerException(), new IllegalStateException("not started"),
                new RejectedExecutionException("own pool full"), new IllegalArgumentException("x"))) {
            ProviderException mapped = ErrorTranslation.asProviderException(new CompletionException(bug), false);
            assertThat(mapped.code()).as(bug.toString()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(mapped.retryable()).as(bug.toString()).isFalse();
            assertThat(mapped.getCause()).isSameAs(bug);
        }
    }

    private static final String LEAKY = "upstream said: connect to llm-backend-07.internal.corp:8443 failed\n"
            + "\tat com.vendor.Gateway.call(Gateway.java:42)\n\tat com.vendor.Pool.run(Pool.java:7)";

    private static GatewayException translate(ErrorCode code, String message, int status) {
        return ErrorTranslation.toGateway("openai-eu", new ProviderException(code, message, code.retryableByDefault(),
                null, status, null));
    }

    @Test
    public void clientFaultsRelayTheProvidersFirstLineOnlyAndNameTheInstance() {
        GatewayException bad = translate(ErrorCode.BAD_REQUEST, "Invalid value for 'temperature'.\n" + LEAKY, 400);
        assertThat(bad.getMessage()).contains("Invalid value for 'temperature'.", "openai-eu", "BAD_REQUEST")
                .doesNotContain("internal.corp", "Gateway.java", "\n");
        assertThat(bad.code()).isEqualTo("bad_request");
        GatewayException context = translate(ErrorCode.CONTEXT_LENGTH, "This model's maximum context length is 8192", 400);
        assertThat(context.getMessage()).contains("maximum context length is 8192");
        assertThat(context.code()).isEqualTo("context_length_exceeded");
    }

    @Test
    public void relayedTextIsTrimmedToOneKilobyte() {
        GatewayException bad = translate(ErrorCode.BAD_REQUEST, "x".repeat(100_000), 400);
        assertThat(bad.getMessage().length()).isLessThan(1024 + 100);
        assertThat(bad.getMessage()).endsWith("...");
    }

    @Test
    public void otherFailuresAreOurOwnWordsNamingInstanceCodeAndStatus() {
        for (ErrorCode code : new ErrorCode[] {ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL, ErrorCode.AUTH,
                ErrorCode.PERMISSION, ErrorCode.NOT_FOUND, ErrorCode.TIMEOUT, ErrorCode.RATE_LIMIT}) {
            GatewayException error = translate(code, LEAKY, 503);
            assertThat(error.getMessage()).as(code.name())
                    .contains("Upstream 'openai-eu' failed: " + code + " (HTTP 503)")
                    .doesNotContain("internal.corp", "Gateway.java", "upstream said");
        }
        assertThat(translate(ErrorCode.UNAVAILABLE, "x", 0).getMessage()).contains("UNAVAILABLE (no HTTP answer)");
    }

    @Test
    public void theCodeFieldIsTheErrorCodeInLowerCaseWhereOpenAiHasNone() {
        assertThat(translate(ErrorCode.UNAVAILABLE, "x").code()).isEqualTo("unavailable");
        assertThat(translate(ErrorCode.TIMEOUT, "x").code()).isEqualTo("timeout");
        assertThat(translate(ErrorCode.INTERNAL, "x").code()).isEqualTo("internal");
        assertThat(translate(ErrorCode.AUTH, "x").code()).isEqualTo("auth");
        assertThat(translate(ErrorCode.PERMISSION, "x").code()).isEqualTo("permission");
        assertThat(translate(ErrorCode.RATE_LIMIT, "x").code()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    public void ourDeadlineSaysHowLongWeWaited() {
        GatewayException error = ErrorTranslation.toGateway("openai-eu", ErrorTranslation.deadlinePassed(30_000));
        assertThat(error.status()).isEqualTo(504);
        assertThat(error.getMessage()).contains("'openai-eu'", "timed out after 30000 ms");
    }

    @Test
    public void aCutStreamSaysHowFarItGot() {
        GatewayException error = ErrorTranslation.streamCut("openai-eu", 12,
                new ProviderException(ErrorCode.UNAVAILABLE, LEAKY, true, null, 0, null));
        assertThat(error.getMessage()).contains("stream from 'openai-eu' was cut after 12 chunks", "UNAVAILABLE")
                .doesNotContain("internal.corp");
    }
}
