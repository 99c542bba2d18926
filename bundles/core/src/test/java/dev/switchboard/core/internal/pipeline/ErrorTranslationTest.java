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
        return ErrorTranslation.toGateway(new ProviderException(code, message, code.retryableByDefault(),
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
}
