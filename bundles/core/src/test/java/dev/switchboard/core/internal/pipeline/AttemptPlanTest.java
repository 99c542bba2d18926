package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** Back-off between retries of one route: exponential, jittered, Retry-After honoured, bounded by the deadline. */
public class AttemptPlanTest {

    private static final PipelineSettings SETTINGS = new PipelineSettings(60_000, 5, 200, 5_000, "round-robin");
    private static final ProviderException UNAVAILABLE = new ProviderException(ErrorCode.UNAVAILABLE, "down");

    private final List<Long> jittered = new ArrayList<>();
    private final AttemptPlan plan = new AttemptPlan(List.of(route()), SETTINGS, delay -> {
        jittered.add(delay);
        return delay + 7;
    });

    @Test
    public void backOffDoublesAndIsJittered() {
        plan.next();
        assertThat(plan.delayBeforeNextMillis(UNAVAILABLE, Duration.ofSeconds(60))).isEqualTo(207);
        plan.next();
        assertThat(plan.delayBeforeNextMillis(UNAVAILABLE, Duration.ofSeconds(60))).isEqualTo(407);
        plan.next();
        assertThat(plan.delayBeforeNextMillis(UNAVAILABLE, Duration.ofSeconds(60))).isEqualTo(807);
        assertThat(jittered).containsExactly(200L, 400L, 800L);
    }

    @Test
    public void equalJitterKeepsHalfAndRandomisesTheRest() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long delay = AttemptPlan.EQUAL_JITTER.applyAsLong(400);
            assertThat(delay).isBetween(200L, 400L);
            seen.add(delay);
        }
        assertThat(seen).as("not one fixed value").hasSizeGreaterThan(10);
    }

    @Test
    public void honoursRetryAfterAsGivenWithoutJitter() {
        plan.next();
        ProviderException limited = new ProviderException(ErrorCode.RATE_LIMIT, "slow down", true,
                Duration.ofMillis(1_500), 429, null);
        assertThat(plan.delayBeforeNextMillis(limited, Duration.ofSeconds(60))).isEqualTo(1_500);
        assertThat(jittered).isEmpty();
    }

    @Test
    public void givesUpWhenTheWaitWouldEndPastTheDeadline() {
        plan.next();
        assertThat(plan.delayBeforeNextMillis(UNAVAILABLE, Duration.ofMillis(150))).isEqualTo(AttemptPlan.GIVE_UP);
        plan.next();
        ProviderException limited = new ProviderException(ErrorCode.RATE_LIMIT, "slow down", true,
                Duration.ofMillis(1_500), 429, null);
        assertThat(plan.delayBeforeNextMillis(limited, Duration.ofSeconds(1))).isEqualTo(AttemptPlan.GIVE_UP);
    }

    private static Route route() {
        return new Route(null, "test", ModelInfo.text("m", "1", "1", 1000), 1, null,
                new RouteHealth(5, 30_000, System::nanoTime), null, null);
    }
}
