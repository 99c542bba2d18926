package dev.switchboard.core.internal.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.CircuitState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The breaker's state machine on a fake clock. */
public class CircuitBreakerTest {

    // consecutive 100 (out of the way), open 1 s, failure rate 50 %, slow rate 50 % over 500 ms, window 10 s,
    // at least 4 calls, 2 probes
    private static final CircuitPolicy POLICY = new CircuitPolicy(100, 1_000, 0.5, 0.5, 500, 10_000, 4, 2);

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final List<String> reported = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker("i1", POLICY, now::get,
            (id, state) -> reported.add(id + "=" + state));

    @Test
    public void opensOnTheFailureRateOnceTheWindowHoldsEnoughCalls() {
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.state()).as("2 calls: below the minimum").isEqualTo(CircuitState.CLOSED);
        breaker.recordSuccess(ms(10));
        breaker.recordFailure();

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(reported).containsExactly("i1=OPEN");
    }

    @Test
    public void staysClosedBelowTheFailureRate() {
        for (int i = 0; i < 10; i++) {
            breaker.recordSuccess(ms(10));
            breaker.recordSuccess(ms(10));
            breaker.recordFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(reported).isEmpty();
    }

    @Test
    public void opensOnSlowCalls() {
        for (int i = 0; i < 4; i++) {
            breaker.recordSuccess(ms(900));
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    public void forgetsCallsThatLeftTheWindow() {
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordFailure();
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        breaker.recordSuccess(ms(10));
        breaker.recordSuccess(ms(10));
        breaker.recordSuccess(ms(10));
        breaker.recordFailure();

        assertThat(breaker.state()).as("1 failure in 4 counted calls").isEqualTo(CircuitState.CLOSED);
    }

    @Test
    public void opensAfterConsecutiveFailuresWithoutEnoughVolume() {
        CircuitBreaker quick = new CircuitBreaker("q", new CircuitPolicy(2, 1_000, 0.5, 1.0, 500, 10_000, 50, 1),
                now::get, null);
        quick.recordFailure();
        quick.recordFailure();
        assertThat(quick.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    public void halfOpenLetsTheConfiguredProbesThroughAndClosesWhenTheyPass() {
        open();
        now.addAndGet(ms(1_001));

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("only two probes").isFalse();
        breaker.recordSuccess(ms(10));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.recordSuccess(ms(10));

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(reported).containsExactly("i1=OPEN", "i1=CLOSED");
    }

    @Test
    public void aFailedProbeOpensAgainForAnotherCoolDown() {
        open();
        now.addAndGet(ms(1_001));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.recordFailure();

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(reported).containsExactly("i1=OPEN", "i1=OPEN");
    }

    @Test
    public void probesThatNeverReportBackAreRenewedAfterACoolDown() {
        open();
        now.addAndGet(ms(1_001));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();

        now.addAndGet(ms(1_001));
        assertThat(breaker.tryAcquire()).as("stuck probes renewed").isTrue();
    }

    @Test
    public void adoptsAnotherNodesOpenWithoutReportingItBack() {
        breaker.adopt(CircuitState.OPEN, 200);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(reported).isEmpty();
        now.addAndGet(ms(801));
        assertThat(breaker.isOpen()).as("the cool-down began 200 ms before it was heard of").isFalse();
    }

    @Test
    public void ignoresAnOpenThatHasAlreadyCooledDown() {
        breaker.adopt(CircuitState.OPEN, 5_000);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    public void adoptsAnotherNodesCloseAndAnOperatorResetTellsTheCluster() {
        open();
        breaker.adopt(CircuitState.CLOSED, 0);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(reported).containsExactly("i1=OPEN");

        open();
        breaker.reset();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(reported).containsExactly("i1=OPEN", "i1=OPEN", "i1=CLOSED");
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            breaker.recordFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
