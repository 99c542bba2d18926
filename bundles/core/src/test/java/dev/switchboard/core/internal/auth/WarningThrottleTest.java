package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.slf4j.LoggerFactory;

public class WarningThrottleTest {

    @Test
    public void aFloodGivesOneWarningPerInterval() {
        AtomicLong clock = new AtomicLong(1_000);
        WarningThrottle throttle = new WarningThrottle(1, TimeUnit.MINUTES, clock::get);
        int logged = 0;
        for (int i = 0; i < 10_000; i++) {
            logged += throttle.warn(LoggerFactory.getLogger(getClass()), "flood") ? 1 : 0;
        }
        assertThat(logged).isEqualTo(1);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertThat(throttle.warn(LoggerFactory.getLogger(getClass()), "flood")).isTrue();
        assertThat(throttle.warn(LoggerFactory.getLogger(getClass()), "flood")).isFalse();
    }
}
