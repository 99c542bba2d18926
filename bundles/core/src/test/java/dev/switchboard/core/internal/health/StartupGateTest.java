package dev.switchboard.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class StartupGateTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final StartupGate gate = new StartupGate(30_000, now::get);

    @Test
    public void closedWhileAConfiguredInstanceWaitsForItsProvider() {
        assertThat(gate.open(List.of("bench"))).isFalse();
        now.addAndGet(29_000_000_000L);
        assertThat(gate.open(List.of("bench"))).isFalse();
    }

    @Test
    public void opensWhenNothingWaitsAndStaysOpen() {
        assertThat(gate.open(List.of())).isTrue();
        assertThat(gate.open(List.of("removed-later"))).as("a later hot undeploy does not close it").isTrue();
    }

    @Test
    public void opensAfterTheGracePeriodEvenIfAProviderNeverArrives() {
        now.addAndGet(30_000_000_000L);
        assertThat(gate.open(List.of("typo-in-type"))).isTrue();
    }
}
