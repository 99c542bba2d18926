package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.api.state.SharedBudgets.BudgetState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class GridBudgetsTest {

    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration LIFE = Duration.ofHours(1);

    private static EmbeddedGridMember member;
    private static GridBudgets budgets;

    @BeforeClass
    public static void startMember() throws Exception {
        member = TestGrid.start(TestGrid.lone(TestGrid.uniqueClusterName(), TestGrid.freePort()));
        budgets = new GridBudgets(member.hazelcast(), member.callbackExecutor());
    }

    @AfterClass
    public static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static BudgetState reserve(String budget, String id, long amount, long limit) throws Exception {
        return budgets.reserve(budget, id, amount, limit, HOLD, LIFE).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BudgetState settle(String budget, String id, long actual) throws Exception {
        return budgets.settle(budget, id, actual, LIFE).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BudgetState release(String budget, String id) throws Exception {
        return budgets.release(budget, id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void reservesWithinTheLimitOnlyCountingOpenReservations() throws Exception {
        assertThat(reserve("b-limit", "r1", 60, 100).granted()).isTrue();
        assertThat(reserve("b-limit", "r2", 50, 100).granted()).isFalse();
        BudgetState settled = settle("b-limit", "r1", 30);
        assertThat(settled.spent()).isEqualTo(30);
        assertThat(settled.reserved()).isZero();
        assertThat(settled.spentBefore()).isZero();
        assertThat(reserve("b-limit", "r2", 50, 100).granted()).isTrue();
        assertThat(reserve("b-limit", "r3", 21, 100).granted()).isFalse();
    }

    @Test
    public void aRepeatedOperationCountsOnce() throws Exception {
        assertThat(reserve("b-repeat", "r1", 40, 100).granted()).isTrue();
        BudgetState again = reserve("b-repeat", "r1", 40, 100);
        assertThat(again.granted()).isTrue();
        assertThat(again.reserved()).isEqualTo(40);

        assertThat(settle("b-repeat", "r1", 25).granted()).isTrue();
        BudgetState twice = settle("b-repeat", "r1", 25);
        assertThat(twice.granted()).isFalse();
        assertThat(twice.spent()).isEqualTo(25);
        // a late repeat of the reserve after the request ended holds nothing
        assertThat(reserve("b-repeat", "r1", 40, 100).granted()).isFalse();
        assertThat(budgets.read("b-repeat").reserved()).isZero();
    }

    @Test
    public void settleAndReleaseInEitherOrderBookTheActualOnce() throws Exception {
        reserve("b-order", "a", 50, 1000);
        release("b-order", "a");
        settle("b-order", "a", 7);
        reserve("b-order", "b", 50, 1000);
        settle("b-order", "b", 9);
        release("b-order", "b");
        BudgetState state = budgets.read("b-order");
        assertThat(state.spent()).isEqualTo(16);
        assertThat(state.reserved()).isZero();
    }

    @Test
    public void aReleaseThatOvertookItsReserveLeavesNothingHeld() throws Exception {
        assertThat(release("b-race", "r1").granted()).isFalse();
        assertThat(reserve("b-race", "r1", 100, 100).granted()).isFalse();
        assertThat(budgets.read("b-race").reserved()).isZero();
        assertThat(reserve("b-race", "r2", 100, 100).granted()).isTrue();
    }

    @Test
    public void aReleasedReservationFreesTheBudget() throws Exception {
        reserve("b-release", "r1", 100, 100);
        assertThat(reserve("b-release", "r2", 1, 100).granted()).isFalse();
        assertThat(release("b-release", "r1").granted()).isTrue();
        assertThat(reserve("b-release", "r2", 100, 100).granted()).isTrue();
    }

    @Test
    public void aReservationNeverSettledIsDroppedAfterItsHold() throws Exception {
        budgets.reserve("b-hold", "lost", 100, 100, Duration.ofMillis(200), LIFE).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(reserve("b-hold", "next", 100, 100).granted()).isFalse();
        Thread.sleep(300);
        assertThat(reserve("b-hold", "next", 100, 100).granted()).isTrue();
    }

    @Test
    public void resetClearsSpentAndReservations() throws Exception {
        reserve("b-reset", "r1", 10, 100);
        settle("b-reset", "r0", 50);
        budgets.reset("b-reset");
        BudgetState state = budgets.read("b-reset");
        assertThat(state.spent()).isZero();
        assertThat(state.reserved()).isZero();
    }

    @Test
    public void aSnapshotCarriesSpentAndExpiryAndARestoreAddsItOnce() throws Exception {
        long before = System.currentTimeMillis();
        reserve("b-snap", "r1", 50, 1000);
        settle("b-snap", "r1", 42);
        SharedBudgets.BudgetSpent snapped = budgets.spentSnapshot().stream()
                .filter(s -> s.budget().equals("b-snap")).findFirst().orElseThrow();
        assertThat(snapped.spent()).isEqualTo(42);
        assertThat(snapped.expiresAtMillis()).isBetween(before + LIFE.toMillis() - 1_000,
                System.currentTimeMillis() + LIFE.toMillis() + 1_000);

        long expires = System.currentTimeMillis() + 3_600_000;
        budgets.restoreSpent("b-restored", 70, expires);
        assertThat(budgets.read("b-restored").spent()).isEqualTo(70);
        assertThat(budgets.spentSnapshot()).contains(new SharedBudgets.BudgetSpent("b-restored", 70, expires));
        assertThat(reserve("b-restored", "r1", 40, 100).granted()).as("restored spend counts").isFalse();
        budgets.restoreSpent("b-snap", 8, expires);
        assertThat(budgets.read("b-snap").spent()).as("added to what the grid had").isEqualTo(50);
    }
}
