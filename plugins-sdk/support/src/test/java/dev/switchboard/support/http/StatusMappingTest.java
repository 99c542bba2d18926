package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

public class StatusMappingTest {

    @Test
    public void mapsStatusesToCodes() {
        assertThat(StatusMapping.errorCode(401)).isEqualTo(ErrorCode.AUTH);
        assertThat(StatusMapping.errorCode(402)).isEqualTo(ErrorCode.PERMISSION);
        assertThat(StatusMapping.errorCode(403)).isEqualTo(ErrorCode.PERMISSION);
        assertThat(StatusMapping.errorCode(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(StatusMapping.errorCode(408)).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(StatusMapping.errorCode(504)).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(StatusMapping.errorCode(409)).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(StatusMapping.errorCode(429)).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(StatusMapping.errorCode(400)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(StatusMapping.errorCode(413)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(StatusMapping.errorCode(422)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(StatusMapping.errorCode(418)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(StatusMapping.errorCode(500)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StatusMapping.errorCode(502)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StatusMapping.errorCode(503)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StatusMapping.errorCode(529)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StatusMapping.errorCode(302)).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    public void exceptionCarriesStatusRetryabilityAndHint() {
        HttpFields headers = new HttpFields();
        headers.put("Retry-After", "7");
        UpstreamResponse response = new UpstreamResponse(503, headers, "overloaded".getBytes(StandardCharsets.UTF_8));

        ProviderException e = StatusMapping.toException("acme", response, "overloaded");

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.upstreamStatus()).isEqualTo(503);
        assertThat(e.getMessage()).isEqualTo("acme answered 503: overloaded");
    }

    @Test
    public void clientErrorsAreNotRetryable() {
        ProviderException e = StatusMapping.toException("acme", new UpstreamResponse(400, null, null), null);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("acme answered 400");
    }
}
