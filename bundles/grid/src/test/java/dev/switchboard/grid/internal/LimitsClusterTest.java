package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.quota.budget.internal.BudgetConfig;
import dev.switchboard.quota.budget.internal.BudgetQuota;
import dev.switchboard.quota.ratelimit.internal.RateLimitConfig;
import dev.switchboard.quota.ratelimit.internal.RateLimitQuota;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * (Rate limits here use an hour's window rather than a minute's: the same counting, and no window edge inside the
 * burst, where the sliding window's weighted previous count could round one more in.)
 * The limit strategies as deployed, each node its own strategy instances over its own grid member, three members
 * on loopback: the figures of docs/reliability.md. Requests arrive at once from 16 client threads spread over the
 * nodes; each admitted one is then settled (the strategy's record) as core does after the answer.
 */
public class LimitsClusterTest {

    private static final List<EmbeddedGridMember> MEMBERS = new ArrayList<>();
    private static ExecutorService clients;

    @BeforeClass
    public static void startThreeMembers() throws Exception {
        String cluster = TestGrid.uniqueClusterName();
        List<Integer> ports = List.of(TestGrid.freePort(), TestGrid.freePort(), TestGrid.freePort());
        List<String> all = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        for (int port : ports) {
            MEMBERS.add(TestGrid.start(new GridSettings(cluster, port, all)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (MEMBERS.stream().anyMatch(m -> m.hazelcast().getCluster().getMembers().size() < 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(MEMBERS.get(0).hazelcast().getCluster().getMembers()).hasSize(3);
        clients = Executors.newFixedThreadPool(16);
    }

    @AfterClass
    public static void stopMembers() {
        if (clients != null) {
            clients.shutdownNow();
        }
        MEMBERS.forEach(EmbeddedGridMember::shutdown);
    }

    private static BudgetQuota budgetOn(EmbeddedGridMember member, String... budgets) {
        return new BudgetQuota(new GridBudgets(member.hazelcast(), member.callbackExecutor()), new BudgetConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BudgetConfig.class;
            }

            @Override
            public String[] budgets() {
                return budgets;
            }

            @Override
            public long hold_seconds() {
                return 900;
            }
        });
    }

    private static RateLimitQuota ratesOn(EmbeddedGridMember member, long syncMillis, String... limits) {
        return new RateLimitQuota(new GridCounters(member.hazelcast(), member.callbackExecutor()),
                new GridRateLimits(member.hazelcast(), member.callbackExecutor()),
                new GridBudgets(member.hazelcast(), member.callbackExecutor()), new RateLimitConfig() {
                    @Override
                    public Class<? extends Annotation> annotationType() {
                        return RateLimitConfig.class;
                    }

                    @Override
                    public String[] limits() {
                        return limits;
                    }

                    @Override
                    public long sync_interval_ms() {
                        return syncMillis;
                    }

                    @Override
                    public long hold_seconds() {
                        return 900;
                    }
                });
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static QuotaRequest request(String tenant, String maxCostUsd) {
        return new QuotaRequest("key_1", tenant, "gpt-4o", 1000, "req-" + IDS.incrementAndGet(), null, null, null,
                "openai", new BigDecimal(maxCostUsd));
    }

    /** Sends {@code count} requests at once over the nodes; each admitted one is recorded at {@code actual}. */
    private static int burst(List<? extends QuotaStrategy> nodes, int count, String tenant, String maxCost,
                             String actual) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            QuotaStrategy node = nodes.get(i % nodes.size());
            QuotaRequest request = request(tenant, maxCost);
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                    QuotaDecision decision = node.checkAsync(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    if (decision.admitted()) {
                        admitted.incrementAndGet();
                        node.record(request, new Usage(500, 500), new BigDecimal(actual));
                    } else {
                        node.release(request);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, clients));
        }
        start.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        return admitted.get();
    }

    @Test(timeout = 120_000)
    public void sixtyFourConcurrentRequestsAgainstOneBudgetFromThreeNodesOverspendAtMostOneRequestsMaximum()
            throws Exception {
        String definition = "name=cluster-budget; scope=tenant:budget-tenant; limit.usd=1.00; period=month";
        List<BudgetQuota> nodes = MEMBERS.stream().map(m -> budgetOn(m, definition)).toList();

        // each request may cost up to $0.05 and costs $0.05: the budget holds 20 of them
        int admitted = burst(nodes, 64, "budget-tenant", "0.05", "0.05");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long spent;
        do {
            spent = nodes.get(0).usage().get(0).used();   // micro-USD; settles are not waited for
            Thread.sleep(20);
        } while (spent < admitted * 50_000L && System.nanoTime() < deadline);
        System.out.printf("budget: 64 concurrent requests over 3 nodes, limit $1.00, max cost $0.05 each:"
                + " admitted %d, spent $%s, overspend $%s%n", admitted, BigDecimal.valueOf(spent, 6),
                BigDecimal.valueOf(Math.max(0, spent - 1_000_000), 6));
        assertThat(spent).isEqualTo(admitted * 50_000L);
        assertThat(spent).as("overspend at most one request's maximum cost").isLessThanOrEqualTo(1_000_000 + 50_000);
        assertThat(admitted).isEqualTo(20);
        assertThat(nodes.get(2).usage().get(0).reserved()).isZero();
    }

    @Test(timeout = 120_000)
    public void sixtyConcurrentRequestsOverTwoNodesAgainstTwentyPerMinuteExact() throws Exception {
        List<RateLimitQuota> nodes = MEMBERS.subList(0, 2).stream()
                .map(m -> ratesOn(m, 50, "name=exact-rpm; scope=tenant:exact-tenant; limit=20; per=hour;"
                        + " mode=exact")).toList();
        int admitted = burst(nodes, 60, "exact-tenant", "0", "0");
        System.out.printf("rate limit exact: 60 concurrent requests over 2 nodes, 20 per window: admitted %d%n", admitted);
        assertThat(admitted).isEqualTo(20);
    }

    @Test(timeout = 120_000)
    public void sixtyConcurrentRequestsOverTwoNodesAgainstTwentyPerMinuteLocalStayWithinItsBound() throws Exception {
        List<RateLimitQuota> nodes = MEMBERS.subList(0, 2).stream()
                .map(m -> ratesOn(m, 50, "name=local-rpm; scope=tenant:local-tenant; limit=20; per=hour")).toList();
        int admitted = burst(nodes, 60, "local-tenant", "0", "0");
        System.out.printf("rate limit local: 60 concurrent requests over 2 nodes, 20 per window: admitted %d%n", admitted);
        assertThat(admitted).as("local mode's burst bound: nodes x limit").isBetween(20, 40);
    }
}
