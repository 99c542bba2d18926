package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.state.SharedBudgets.BudgetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * Several members reserving against one budget at once: the budget is exact, whatever member asks. Each of 64
 * concurrent requests (spread over three members) reserves its maximum, and the admitted ones settle to an actual
 * cost at or below it; what was spent never passes the limit (overspend 0, within the published bound of one
 * request's maximum), and every admitted request was booked exactly once.
 */
public class GridBudgetsClusterTest {

    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration LIFE = Duration.ofHours(1);

    @Test(timeout = 120_000)
    public void sixtyFourConcurrentRequestsOnThreeMembersNeverOverspend() throws Exception {
        String cluster = TestGrid.uniqueClusterName();
        List<Integer> ports = List.of(TestGrid.freePort(), TestGrid.freePort(), TestGrid.freePort());
        List<String> all = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<EmbeddedGridMember> members = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            for (int port : ports) {
                members.add(TestGrid.start(new GridSettings(cluster, port, all)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (members.stream().anyMatch(m -> m.hazelcast().getCluster().getMembers().size() < 3)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(members.get(0).hazelcast().getCluster().getMembers()).hasSize(3);
            List<GridBudgets> nodes = members.stream()
                    .map(m -> new GridBudgets(m.hazelcast(), m.callbackExecutor())).toList();

            long maxCost = 1_000_000; // one request's maximum (nano-dollars): $0.001
            long limit = 20 * maxCost + maxCost / 2; // room for 20.5 maximal requests
            int requests = 64;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger admitted = new AtomicInteger();
            AtomicLong booked = new AtomicLong();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                GridBudgets node = nodes.get(i % nodes.size());
                String id = "req-" + i;
                long actual = maxCost - (i % 5) * 1000; // never above what was reserved
                CompletableFuture<Void> one = CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        BudgetState reserved = node.reserve("one-budget", id, maxCost, limit, HOLD, LIFE)
                                .toCompletableFuture().get(30, TimeUnit.SECONDS);
                        if (reserved.granted()) {
                            admitted.incrementAndGet();
                            // a retried settle (the grid resent it after a member failure) must not count twice
                            node.settle("one-budget", id, actual, LIFE).toCompletableFuture().get(30, TimeUnit.SECONDS);
                            node.settle("one-budget", id, actual, LIFE).toCompletableFuture().get(30, TimeUnit.SECONDS);
                            booked.addAndGet(actual);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, clients);
                done.add(one);
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

            BudgetState state = nodes.get(1).read("one-budget");
            assertThat(state.reserved()).isZero();
            assertThat(state.spent()).isEqualTo(booked.get());
            assertThat(state.spent()).isLessThanOrEqualTo(limit);
            assertThat(state.spent()).isLessThanOrEqualTo(limit + maxCost); // the published bound
            assertThat(admitted.get()).isBetween(20, 21);
            System.out.printf("budget: %d concurrent requests over 3 members, limit %d, max cost %d: admitted %d,"
                    + " spent %d (overspend %d)%n", requests, limit, maxCost, admitted.get(), state.spent(),
                    Math.max(0, state.spent() - limit));
        } finally {
            clients.shutdownNow();
            for (EmbeddedGridMember member : members) {
                member.shutdown();
            }
        }
    }
}
