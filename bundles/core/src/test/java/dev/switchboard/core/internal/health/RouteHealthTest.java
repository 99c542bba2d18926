package dev.switchboard.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.core.internal.circuit.CircuitPolicy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RouteHealthTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RouteHealth health = new RouteHealth(3, 1_000, now::get);

    @Test
    public void opensAfterConsecutiveFailuresAndLetsBoundedProbesThroughAfterTheCoolDown() {
        health.recordFailure();
        health.recordFailure();
        assertThat(health.tryAcquire()).isTrue();
        health.recordFailure();
        assertThat(health.isOpen()).isTrue();
        assertThat(health.tryAcquire()).isFalse();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001));
        for (int probe = 0; probe < CircuitPolicy.DEFAULTS.halfOpenProbes(); probe++) {
            assertThat(health.tryAcquire()).as("half-open probe " + probe).isTrue();
        }
        assertThat(health.tryAcquire()).as("no more probes than configured").isFalse();

        for (int probe = 0; probe < CircuitPolicy.DEFAULTS.halfOpenProbes(); probe++) {
            health.recordSuccess(TimeUnit.MILLISECONDS.toNanos(40));
        }
        assertThat(health.isOpen()).isFalse();
        assertThat(health.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.stats().latencyEwmaMillis()).isEqualTo(40.0);
    }

    @Test
    public void aSuccessResetsTheFailureCount() {
        health.recordFailure();
        health.recordFailure();
        health.recordSuccess(1_000_000);
        health.recordFailure();
        assertThat(health.isOpen()).isFalse();
        assertThat(health.stats().errorRate()).isBetween(0.0, 1.0);
    }

    @Test
    public void keepsInFlightAndTimeToFirstTokenForSelection() {
        health.callStarted();
        health.callStarted();
        health.callEnded();
        health.recordFirstToken(TimeUnit.MILLISECONDS.toNanos(120));

        assertThat(health.stats().inFlight()).isEqualTo(1);
        assertThat(health.stats().ttfbEwmaMillis()).isEqualTo(120.0);
    }
}
