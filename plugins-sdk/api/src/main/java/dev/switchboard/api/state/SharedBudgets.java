package dev.switchboard.api.state;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Money (or any amount) spent against a limit, exact across every node of the cluster (backed by the grid,
 * each operation one atomic step on the member that owns the budget). Amounts are whole units the caller
 * chooses (nano-dollars for money) so no rounding happens in the grid.
 *
 * <p>A request {@link #reserve}s its maximum before it runs, then {@link #settle}s to what it really cost, or
 * {@link #release}s the reservation when it failed. Every operation is idempotent per request id: a reserve,
 * settle or release sent twice (a grid operation retried after a member failed) counts once, and a settle that
 * arrives before or after a release still books its amount once. A reservation never settled nor released (its
 * node died) is dropped after {@code holdFor}. With every request reserving its maximum, spent never passes
 * the limit by more than what requests cost beyond their reservation.
 *
 * <p>Stages complete on the grid's callback threads, as {@link SharedCounters#addAndGetAsync} says; a stage
 * fails when the grid cannot be reached, and the caller decides what that means (fail closed, or a local cap).
 */
@ProviderType
public interface SharedBudgets {

    /**
     * Reserves {@code amount} of budget {@code budget} for {@code requestId} if spent + reserved + amount stays
     * within {@code limit}; otherwise reserves nothing. {@code expireAfter}: how long the budget lives after its
     * last operation (a monthly budget: until its month is over); {@code holdFor}: how long a reservation is
     * kept without settle or release.
     */
    CompletionStage<BudgetState> reserve(String budget, String requestId, long amount, long limit,
                                         Duration holdFor, Duration expireAfter);

    /** Replaces the request's reservation (if still held) by {@code actual} spent; books {@code actual} once. */
    CompletionStage<BudgetState> settle(String budget, String requestId, long actual, Duration expireAfter);

    /** Gives the request's reservation back (nothing to bill). */
    CompletionStage<BudgetState> release(String budget, String requestId);

    /** The budget as the grid holds it now (waits for the grid; for operators, not the request path). */
    BudgetState read(String budget);

    /** Sets spent and every reservation of the budget to zero (an operator's reset). */
    void reset(String budget);

    /**
     * What every budget has spent now, with when its grid entry expires (0: never), for a durable snapshot taken
     * in the background (waits for the grid; never on the request path). Since 1.4.
     */
    default List<BudgetSpent> spentSnapshot() {
        return List.of();
    }

    /**
     * Adds {@code spent} to the budget (creating it, expiring at {@code expiresAtMillis}, 0: never): what a
     * snapshot kept, given back to a grid that came up empty after every node stopped. Waits for the grid. Since 1.4.
     */
    default void restoreSpent(String budget, long spent, long expiresAtMillis) {
        throw new UnsupportedOperationException("this grid cannot restore budgets");
    }

    /** One budget's spent amount in a snapshot, and when its grid entry expires (epoch millis, 0: never). */
    record BudgetSpent(String budget, long spent, long expiresAtMillis) {
    }

    /**
     * A budget after an operation: {@code spentBefore} is what was spent before this operation (so exactly one
     * caller sees a threshold crossed), {@code granted} whether a reserve was granted (or, for settle and release,
     * whether the operation changed anything rather than being a repeat).
     */
    record BudgetState(boolean granted, long spent, long reserved, long spentBefore, int reservations) {
    }
}
