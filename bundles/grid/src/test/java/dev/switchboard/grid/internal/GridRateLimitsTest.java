package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.state.SharedRateLimits.Algorithm;
import dev.switchboard.api.state.SharedRateLimits.RateState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * Exact rate limits in the grid: 60 requests at once from two members against 20 per minute admit exactly 20
 * (the burst that admitted 38 with per-node counting), with either algorithm; and the counts behave as windows
 * and buckets do.
 */
public class GridRateLimitsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Bursts use an hour's window: one that crossed a window's edge mid-burst would see the previous weighted. */
    private static final Duration HOUR = Duration.ofHours(1);

    @Test(timeout = 120_000)
    public void sixtyConcurrentRequestsOverTwoMembersAdmitExactlyTheLimit() throws Exception {
        // 20 per hour rather than per minute: the same count, and no minute edge inside the burst
        String cluster = TestGrid.uniqueClusterName();
        int portA = TestGrid.freePort();
        int portB = TestGrid.freePort();
        List<String> both = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        EmbeddedGridMember a = TestGrid.start(new GridSettings(cluster, portA, both));
        EmbeddedGridMember b = TestGrid.start(new GridSettings(cluster, portB, both));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (b.hazelcast().getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<GridRateLimits> nodes = List.of(new GridRateLimits(a.hazelcast(), a.callbackExecutor()),
                    new GridRateLimits(b.hazelcast(), b.callbackExecutor()));
            for (Algorithm algorithm : Algorithm.values()) {
                AtomicInteger admitted = new AtomicInteger();
                List<CompletableFuture<RateState>> all = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    all.add(nodes.get(i % 2).acquire("burst-" + algorithm, algorithm, 1, 20, HOUR)
                            .toCompletableFuture().whenComplete((state, failure) -> {
                                if (failure == null && state.granted()) {
                                    admitted.incrementAndGet();
                                }
                            }));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                System.out.printf("rate limit %s: 60 concurrent requests over 2 members, limit 20 per window:"
                        + " admitted %d%n", algorithm, admitted.get());
                assertThat(admitted.get()).as(algorithm.name()).isEqualTo(20);
                RateState denied = all.stream().map(CompletableFuture::join).filter(s -> !s.granted()).findFirst()
                        .orElseThrow();
                assertThat(denied.retryAfterMillis()).isPositive().isLessThanOrEqualTo(HOUR.toMillis());
            }
        } finally {
            b.shutdown();
            a.shutdown();
        }
    }

    @Test(timeout = 60_000)
    public void bucketsRefillAndAdjustmentsCountWhatWasReallyUsed() throws Exception {
        EmbeddedGridMember member = TestGrid.start(TestGrid.lone(TestGrid.uniqueClusterName(), TestGrid.freePort()));
        try {
            GridRateLimits limits = new GridRateLimits(member.hazelcast(), member.callbackExecutor());
            // 10 a minute: an empty bucket needs 30 s for 5, far more than any pause of a loaded machine
            assertThat(get(limits.acquire("tb-min", Algorithm.TOKEN_BUCKET, 10, 10, MINUTE)).granted()).isTrue();
            RateState empty = get(limits.acquire("tb-min", Algorithm.TOKEN_BUCKET, 5, 10, MINUTE));
            assertThat(empty.granted()).isFalse();
            assertThat(empty.retryAfterMillis()).isBetween(20_000L, 30_000L);
            // 10 a second: the bucket refills (waited for, bounded)
            Duration second = Duration.ofSeconds(1);
            assertThat(get(limits.acquire("tb-sec", Algorithm.TOKEN_BUCKET, 10, 10, second)).granted()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean refilled = false;
            while (!refilled && System.nanoTime() < deadline) {
                Thread.sleep(100);
                refilled = get(limits.acquire("tb-sec", Algorithm.TOKEN_BUCKET, 5, 10, second)).granted();
            }
            assertThat(refilled).isTrue();

            // tokens: 100 estimated, 300 used: the window counts 300
            assertThat(get(limits.acquire("tok", Algorithm.SLIDING_WINDOW, 100, 1000, MINUTE)).granted()).isTrue();
            RateState adjusted = get(limits.adjust("tok", Algorithm.SLIDING_WINDOW, 200, 1000, MINUTE));
            assertThat(adjusted.used()).isEqualTo(300);
            assertThat(get(limits.acquire("tok", Algorithm.SLIDING_WINDOW, 701, 1000, MINUTE)).granted()).isFalse();
            assertThat(get(limits.acquire("tok", Algorithm.SLIDING_WINDOW, 700, 1000, MINUTE)).granted()).isTrue();
            limits.reset("tok");
            assertThat(get(limits.acquire("tok", Algorithm.SLIDING_WINDOW, 0, 1000, MINUTE)).used()).isZero();
        } finally {
            member.shutdown();
        }
    }

    private static RateState get(java.util.concurrent.CompletionStage<RateState> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
