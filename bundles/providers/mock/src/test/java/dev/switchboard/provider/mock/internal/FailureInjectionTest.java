package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class FailureInjectionTest {

    @Test
    public void zeroRateNeverFails() {
        FailureInjection failures = new FailureInjection(MockSettings.DEFAULTS);
        for (int i = 0; i < 1_000; i++) {
            assertThat(failures.next()).isNull();
        }
    }

    @Test
    public void fullRateAlwaysFailsWithTheConfiguredCode() {
        FailureInjection failures = new FailureInjection(new MockSettings(0, 0, 1.0, ErrorCode.RATE_LIMIT, null, 2_000));

        ProviderException failure = failures.next();

        assertThat(failure.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(failure.upstreamStatus()).isEqualTo(429);
    }

    @Test
    public void defaultFailureIsRetryableUnavailable() {
        ProviderException failure = new FailureInjection(new MockSettings(0, 0, 1.0, ErrorCode.UNAVAILABLE, null, 0))
                .next();

        assertThat(failure.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isNull();
    }

    @Test
    public void seededFailuresRepeatExactly() {
        MockSettings settings = new MockSettings(0, 0, 0.3, ErrorCode.UNAVAILABLE, 1234L, 0);

        List<Integer> first = failingCalls(new FailureInjection(settings), 1_000);
        List<Integer> second = failingCalls(new FailureInjection(settings), 1_000);
        List<Integer> otherSeed = failingCalls(
                new FailureInjection(new MockSettings(0, 0, 0.3, ErrorCode.UNAVAILABLE, 99L, 0)), 1_000);

        assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
        assertThat(first.size()).isBetween(240, 360);
    }

    @Test
    public void randomFailuresRoughlyMatchTheRate() {
        List<Integer> failing = failingCalls(
                new FailureInjection(new MockSettings(0, 0, 0.5, ErrorCode.UNAVAILABLE, null, 0)), 2_000);

        assertThat(failing.size()).isBetween(800, 1_200);
    }

    private static List<Integer> failingCalls(FailureInjection failures, int calls) {
        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            if (failures.next() != null) {
                failing.add(i);
            }
        }
        return failing;
    }
}
