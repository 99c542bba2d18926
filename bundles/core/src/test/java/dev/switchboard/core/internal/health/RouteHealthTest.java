package dev.switchboard.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RouteHealthTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RouteHealth health = new RouteHealth(3, 1_000, now::get);

    @Test
    public void opensAfterConsecutiveFailuresAndLetsOneTrialThroughAfterTheCoolDown() {
        health.recordFailure();
        health.recordFailure();
        assertThat(health.tryAcquire()).isTrue();
        health.recordFailure();
        assertThat(health.isOpen()).isTrue();
        assertThat(health.tryAcquire()).isFalse();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001));
        assertThat(health.tryAcquire()).as("half-open trial").isTrue();
        assertThat(health.tryAcquire()).as("only one trial at a time").isFalse();

        health.recordSuccess(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(health.isOpen()).isFalse();
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
}
