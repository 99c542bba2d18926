package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.Test;

public class ErrorResponseTest {

    @Test
    public void roundsRetryAfterUpToWholeSeconds() {
        assertThat(ErrorResponse.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
        assertThat(ErrorResponse.retryAfterSeconds(Duration.ofMillis(3001))).isEqualTo(4);
        assertThat(ErrorResponse.retryAfterSeconds(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(ErrorResponse.retryAfterSeconds(Duration.ZERO)).isZero();
        assertThat(ErrorResponse.retryAfterSeconds(Duration.ofSeconds(-1))).isZero();
    }
}
