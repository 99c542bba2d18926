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

    @Test(timeout = 120_000)
    public void sixtyConcurrentRequestsOverTwoMembersAdmitExactlyTheLimit() throws Exception {
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
                    all.add(nodes.get(i % 2).acquire("burst-" + algorithm, algorithm, 1, 20, MINUTE)
                            .toCompletableFuture().whenComplete((state, failure) -> {
                                if (failure == null && state.granted()) {
                                    admitted.incrementAndGet();
                                }
                            }));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                System.out.printf("rate limit %s: 60 concurrent requests over 2 members, limit 20/min: admitted %d%n",
                        algorithm, admitted.get());
                assertThat(admitted.get()).as(algorithm.name()).isEqualTo(20);
                RateState denied = all.stream().map(CompletableFuture::join).filter(s -> !s.granted()).findFirst()
                        .orElseThrow();
                assertThat(denied.retryAfterMillis()).isPositive().isLessThanOrEqualTo(MINUTE.toMillis());
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
            Duration second = Duration.ofSeconds(1);
            assertThat(get(limits.acquire("tb", Algorithm.TOKEN_BUCKET, 10, 10, second)).granted()).isTrue();
            assertThat(get(limits.acquire("tb", Algorithm.TOKEN_BUCKET, 5, 10, second)).granted()).isFalse();
            Thread.sleep(600);
            assertThat(get(limits.acquire("tb", Algorithm.TOKEN_BUCKET, 5, 10, second)).granted())
                    .as("half a second refilled about half the bucket").isTrue();

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
