package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.store.LimitStore.BudgetSpent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdbcLimitStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void definitionsAndSpentSnapshotsSurviveARestartAndExpiredRowsGo() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            roundTrip(new JdbcLimitStore(database));
        }
        try (Database database = StoreFixtures.h2(dir)) {
            JdbcLimitStore limits = new JdbcLimitStore(database);
            assertEquals(Map.of("budget/acme", "s1.b.{\"v\":2}"), limits.limits());
            assertEquals(List.of(new BudgetSpent("budget:acme:2026-12", 90, 5_000),
                    new BudgetSpent("budget:all:total", 7, 0)), limits.budgetSpent(1_000));
        }
    }

    /** What every database must do; PostgresStoreTest runs it too. */
    static void roundTrip(JdbcLimitStore limits) {
        limits.putLimit("budget/acme", "s1.a.{\"v\":1}", 1);
        limits.putLimit("budget/acme", "s1.b.{\"v\":2}", 2);
        limits.putLimit("rate-limit/rpm", "s1.c.{}", 3);
        assertTrue(limits.removeLimit("rate-limit/rpm"));
        assertFalse("already gone", limits.removeLimit("rate-limit/rpm"));

        limits.saveBudgetSpent(List.of(new BudgetSpent("budget:acme:2026-12", 40, 5_000),
                new BudgetSpent("budget:old:2026-11", 3, 900), new BudgetSpent("budget:all:total", 7, 0)), 100);
        assertEquals(3, limits.budgetSpent(100).size());
        assertEquals("an expired row is not given back", 2, limits.budgetSpent(950).size());
        limits.saveBudgetSpent(List.of(new BudgetSpent("budget:acme:2026-12", 90, 5_000)), 1_000);
        assertEquals(List.of(new BudgetSpent("budget:acme:2026-12", 90, 5_000),
                new BudgetSpent("budget:all:total", 7, 0)), limits.budgetSpent(0));
    }
}
