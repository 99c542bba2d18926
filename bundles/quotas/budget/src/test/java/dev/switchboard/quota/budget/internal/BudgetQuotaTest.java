package dev.switchboard.quota.budget.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.testkit.InMemorySharedBudgets;
import dev.switchboard.testkit.QuotaStrategyContractTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BudgetQuotaTest extends QuotaStrategyContractTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final InMemorySharedBudgets grid = new InMemorySharedBudgets();

    private BudgetQuota quota(String... entries) {
        return new BudgetQuota(grid, BudgetQuota.parse(entries), Duration.ofMinutes(15), CLOCK);
    }

    @Override
    protected QuotaStrategy createStrategy() {
        return quota("name=contract; scope=tenant:contract-tenant-1; limit.usd=1");
    }

    @Override
    protected void exhaust(QuotaStrategy strategy, QuotaRequest request) {
        strategy.record(request, new Usage(1, 1), new BigDecimal("1.01"));
    }

    private static QuotaRequest costing(String id, String maxUsd) {
        return new QuotaRequest("key_1", "acme", "gpt-4o", 100, id, null, null, null, "openai", new BigDecimal(maxUsd));
    }

    private static QuotaDecision decide(QuotaStrategy strategy, QuotaRequest request) {
        return strategy.checkAsync(request).toCompletableFuture().join();
    }

    @Test
    public void reservesTheMaximumAndRefusesWhatWouldPassTheLimit() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=1.00");
        assertThat(decide(budget, costing("r1", "0.60")).admitted()).isTrue();
        QuotaDecision denied = decide(budget, costing("r2", "0.50"));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.code()).isEqualTo("budget_exceeded");
        assertThat(denied.reason()).contains("acme", "1.00 USD per month", "0.6 held");
        assertThat(denied.retryAfter()).as("until the month ends in UTC")
                .isEqualTo(Duration.between(CLOCK.instant(), Instant.parse("2027-01-01T00:00:00Z")));

        budget.record(costing("r1", "0.60"), new Usage(10, 10), new BigDecimal("0.10"));
        assertThat(decide(budget, costing("r2", "0.50")).admitted()).as("settled to 0.10, not 0.60").isTrue();
        budget.release(costing("r2", "0.50"));
        assertThat(decide(budget, costing("r3", "0.90")).admitted()).as("released").isTrue();
    }

    @Test
    public void aRequestNoBudgetAppliesToNeverAsksTheGrid() {
        BudgetQuota budget = quota("name=other; scope=tenant:someone-else; limit.usd=1",
                "name=m; scope=model:claude; limit.usd=1");
        assertThat(decide(budget, costing("r1", "5")).admitted()).isTrue();
        budget.record(costing("r1", "5"), new Usage(1, 1), BigDecimal.ONE);
        budget.release(costing("r1", "5"));
        assertThat(grid.calls()).isZero();
    }

    @Test
    public void everyBudgetThatAppliesMustAdmit() {
        BudgetQuota budget = quota("name=tenant; scope=tenant:acme; limit.usd=10",
                "name=key; scope=key:key_1; limit.usd=0.5", "name=all; scope=*; limit.usd=100");
        QuotaDecision denied = decide(budget, costing("r1", "1"));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.reason()).contains("'key'");
    }

    @Test
    public void aBudgetForEveryTenantCountsEachTenantOnItsOwn() {
        BudgetQuota budget = quota("name=per-tenant; scope=tenant:*; limit.usd=1");
        assertThat(decide(budget, costing("r1", "0.9")).admitted()).isTrue();
        QuotaRequest otherTenant = new QuotaRequest("key_2", "globex", "gpt-4o", 100, "r2", null, null, null, "openai",
                new BigDecimal("0.9"));
        assertThat(decide(budget, otherTenant).admitted()).isTrue();
        assertThat(decide(budget, costing("r3", "0.9")).admitted()).isFalse();
    }

    @Test
    public void aTokenQuotaPerDayReservesTheEstimateAndBooksTheUsage() {
        BudgetQuota quota = quota("name=acme-tokens; scope=tenant:acme; dimension=tokens; limit=1000; period=day;"
                + " zone=Europe/Paris");
        QuotaRequest first = costing("t1", "0"); // estimated 100 tokens
        assertThat(decide(quota, first).admitted()).isTrue();
        quota.record(first, new Usage(600, 250), BigDecimal.ZERO);
        assertThat(quota.usage().get(0).used()).isEqualTo(850);
        assertThat(quota.usage().get(0).period()).as("the day in Paris").isEqualTo("2026-12-01");
        assertThat(decide(quota, costing("t2", "0")).admitted()).isTrue();
        QuotaDecision denied = decide(quota, costing("t3", "0"));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.code()).isEqualTo("insufficient_quota");
        assertThat(denied.dimension()).isEqualTo("tokens");
        assertThat(denied.reason()).contains("1000 tokens per day");
        assertThat(denied.retryAfter()).as("until midnight in Paris")
                .isEqualTo(Duration.between(CLOCK.instant(), Instant.parse("2026-12-01T23:00:00Z")));
    }

    @Test
    public void aRequestQuotaPerSessionCountsEachSessionApart() {
        BudgetQuota quota = quota("name=per-session; scope=*; dimension=requests; limit=2; period=session");
        QuotaRequest noSession = costing("s0", "0");
        assertThat(decide(quota, noSession).admitted()).isTrue();
        assertThat(grid.calls()).as("no session, no session quota").isZero();
        for (int i = 0; i < 2; i++) {
            QuotaRequest inA = new QuotaRequest("key_1", "acme", "m", 10, "a" + i, null, null, "session-a", null, null);
            assertThat(decide(quota, inA).admitted()).isTrue();
            quota.record(inA, new Usage(1, 1), BigDecimal.ZERO);
        }
        assertThat(decide(quota, new QuotaRequest("key_1", "acme", "m", 10, "a9", null, null, "session-a", null,
                null)).admitted()).isFalse();
        assertThat(decide(quota, new QuotaRequest("key_1", "acme", "m", 10, "b0", null, null, "session-b", null,
                null)).admitted()).isTrue();
    }

    @Test
    public void thresholdAlertsAreRaisedOnceWhenCrossed() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=1; alerts=50/80/100");
        budget.record(costing("r1", "0"), new Usage(1, 1), new BigDecimal("0.45"));
        assertThat(budget.recentAlerts()).isEmpty();
        budget.record(costing("r2", "0"), new Usage(1, 1), new BigDecimal("0.40"));
        assertThat(budget.recentAlerts()).extracting(BudgetAlerts.Alert::percent).containsExactly(50, 80);
        budget.record(costing("r2", "0"), new Usage(1, 1), new BigDecimal("0.40"));
        assertThat(budget.recentAlerts()).as("a repeated settle books nothing and alerts nothing").hasSize(2);
        budget.record(costing("r3", "0"), new Usage(1, 1), new BigDecimal("0.15"));
        assertThat(budget.recentAlerts()).extracting(BudgetAlerts.Alert::percent).containsExactly(50, 80, 100);
    }

    @Test
    public void aCrossingIsPublishedAsBudgetThresholdWhileGatewayEventsIsBound() {
        List<Map<String, Object>> published = new ArrayList<>();
        GatewayEvents events = (type, properties) -> {
            assertThat(type).isEqualTo(GatewayEventType.BUDGET_THRESHOLD);
            published.add(Map.copyOf(properties));
        };
        BudgetQuota budget = quota("name=per-key; scope=key:*; limit.usd=1; alerts=50");
        budget.record(costing("r1", "0"), new Usage(1, 1), new BigDecimal("0.30"));
        budget.bindEvents(events);
        budget.record(costing("r2", "0"), new Usage(1, 1), new BigDecimal("0.30"));
        assertThat(published).hasSize(1);
        assertThat(published.get(0)).containsEntry(EventProperties.TENANT, "acme")
                .containsEntry(EventProperties.LIMIT, "per-key").containsEntry(EventProperties.KEY_ID, "key_1")
                .containsEntry(EventProperties.THRESHOLD, 50);
        assertThat(new BigDecimal(published.get(0).get(EventProperties.SPENT_USD).toString()))
                .isEqualByComparingTo("0.60");
        budget.unbindEvents(events);
        budget.record(costing("r3", "0"), new Usage(1, 1), new BigDecimal("0.50"));
        assertThat(published).as("unbound: logged and kept only").hasSize(1);
        assertThat(budget.recentAlerts()).hasSize(1);
    }

    @Test
    public void anUnreachableGridFailsClosedByDefault() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=100");
        grid.unreachable(true);
        QuotaDecision denied = decide(budget, costing("r1", "0.01"));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.code()).isEqualTo("budget_unavailable");
    }

    @Test
    public void anUnreachableGridWithALocalCapAdmitsUpToTheCapOnThisNode() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=100; grid.unreachable=local-cap:1");
        grid.unreachable(true);
        assertThat(decide(budget, costing("r1", "0.6")).admitted()).isTrue();
        assertThat(decide(budget, costing("r2", "0.6")).admitted()).isFalse();
        assertThat(decide(budget, costing("r3", "0.4")).admitted()).isTrue();
    }

    @Test
    public void periodsFollowTheBudgetsTimeZone() {
        Instant lateOnNewYearsEveInUtc = Instant.parse("2026-12-31T23:30:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(BudgetPeriod.MONTH.key(lateOnNewYearsEveInUtc, ZoneOffset.UTC)).isEqualTo("2026-12");
        assertThat(BudgetPeriod.MONTH.key(lateOnNewYearsEveInUtc, paris)).isEqualTo("2027-01");
        assertThat(BudgetPeriod.DAY.end(lateOnNewYearsEveInUtc, paris)).isEqualTo(Instant.parse("2027-01-01T23:00:00Z"));
        assertThat(BudgetPeriod.TOTAL.end(lateOnNewYearsEveInUtc, paris)).isNull();
    }

    @Test
    public void usageShowsEachBudgetAndResetClearsIt() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=2; period=day");
        budget.record(costing("r1", "0"), new Usage(1, 1), new BigDecimal("0.25"));
        List<QuotaUsage> usage = budget.usage();
        assertThat(usage).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("acme");
            assertThat(u.scope()).isEqualTo("tenant:acme");
            assertThat(u.period()).isEqualTo("2026-12-01");
            assertThat(u.used()).isEqualTo(250_000);
            assertThat(u.limit()).isEqualTo(2_000_000);
            assertThat(u.mode()).isEqualTo("exact");
        });
        assertThat(budget.reset("acme")).isTrue();
        assertThat(budget.reset("nope")).isFalse();
        assertThat(budget.usage().get(0).used()).isZero();
    }

    @Test
    public void malformedDefinitionsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> quota("name=a; scope=tenant:x")).hasMessageContaining("limit.usd");
        assertThatThrownBy(() -> quota("name=a; scope=team:x; limit.usd=1")).hasMessageContaining("team");
        assertThatThrownBy(() -> quota("name=a; scope=tenant; limit.usd=1")).hasMessageContaining("kind:value");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=0")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=1; period=week")).hasMessageContaining("week");
        assertThatThrownBy(() -> quota("name=a; scope=*; dimension=tokens; limit.usd=1")).hasMessageContaining("limit");
        assertThatThrownBy(() -> quota("name=a; scope=*; dimension=tokens; limit=1.5")).hasMessageContaining("whole");
        assertThatThrownBy(() -> quota("name=a; scope=*; dimension=bytes; limit=1")).hasMessageContaining("bytes");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=1; zone=Mars/Base")).hasMessageContaining("Mars");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=1; grid.unreachable=open"))
                .hasMessageContaining("fail-closed");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=1; limt=2")).hasMessageContaining("limt");
        assertThatThrownBy(() -> quota("name=a; scope=*; limit.usd=1", "name=a; scope=*; limit.usd=2"))
                .hasMessageContaining("twice");
    }

    @Test
    public void aDefinitionReadsBackAsItIsWritten() {
        BudgetDefinition quota = BudgetDefinition.parse("name=q; scope=key:*; dimension=tokens; limit=5000;"
                + " period=session");
        assertThat(BudgetDefinition.parse(quota.format())).isEqualTo(quota);
        BudgetDefinition budget = BudgetDefinition.parse(
                "name=acme; scope=tenant:acme; limit.usd=100; period=day; zone=Europe/Paris; alerts=10/90;"
                        + " grid.unreachable=local-cap:2.5");
        assertThat(BudgetDefinition.parse(budget.format())).isEqualTo(budget);
    }

    @Test
    public void theClustersBudgetsApplyBesideTheConfiguredOnesAndReplaceOnesOfTheSameName() {
        BudgetQuota budget = quota("name=acme; scope=tenant:acme; limit.usd=100", "name=other; scope=tenant:x; limit.usd=1");
        assertThat(decide(budget, costing("c1", "5.00")).admitted()).isTrue();

        budget.defineFromCluster(List.of("name=acme; scope=tenant:acme; limit.usd=1", "name=broken; limit.usd=oops",
                "name=models; scope=model:gpt-4o; limit.usd=50"));
        assertThat(budget.budgets()).extracting(BudgetDefinition::name).containsExactlyInAnyOrder("acme", "models",
                "other");
        QuotaDecision denied = decide(budget, costing("c2", "0.50"));
        assertThat(denied.admitted()).as("the cluster's 1 USD replaced the file's 100, 5 USD held").isFalse();
        assertThat(denied.reason()).contains("'acme'", "1 USD per month");

        budget.defineFromCluster(List.of());
        assertThat(budget.budgets()).extracting(BudgetDefinition::name).containsExactlyInAnyOrder("acme", "other");
        assertThat(decide(budget, costing("c3", "0.50")).admitted()).as("the file's budget is back").isTrue();
    }
}
