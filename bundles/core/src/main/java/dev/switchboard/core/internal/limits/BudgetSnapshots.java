package dev.switchboard.core.internal.limits;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.store.LimitStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what budgets spent across a restart of every node. The grid holds the counts (exact, one atomic step per
 * request) but in memory only; so every node, every few seconds ({@link #tick}) and when it stops, writes each
 * budget's spent amount that changed since it last wrote to its store ({@code budget_spent}), and the first node of
 * a grid that came up without them gives the stored amounts back to it. What a full restart can lose is what was
 * spent after the last snapshot: at most one interval's spend (plus requests in flight when the nodes stopped).
 *
 * <p>The restore happens once per grid life: the node that puts the marker {@value #MARKER} into {@value #STATE_MAP}
 * first restores (adding the stored amounts to whatever requests booked meanwhile, so nothing counts twice or is
 * lost), then marks it {@code done}. No node writes a snapshot before that, so a grid that is still empty never
 * overwrites the stored amounts with zeros. A restoring node that dies leaves its marker to expire after
 * {@link #CLAIM_SECONDS} and another node restores (amounts it had given back already would then count twice: the
 * error is on the side of refusing).
 */
final class BudgetSnapshots {

    static final String STATE_MAP = "switchboard.budgets.state";
    static final String MARKER = "restored";
    static final long CLAIM_SECONDS = 120;
    private static final String DONE = "done";
    private static final Logger LOG = LoggerFactory.getLogger(BudgetSnapshots.class);

    private final IMap<String, String> state;
    private final String node;
    private final Supplier<SharedBudgets> budgets;
    private final Supplier<LimitStore> store;
    private final LongSupplier wallClock;
    /** What this node last wrote (or read back) per budget, so a snapshot writes only what changed. */
    private final Map<String, Long> written = new HashMap<>();
    private boolean restored;

    BudgetSnapshots(HazelcastInstance hazelcast, Supplier<SharedBudgets> budgets, Supplier<LimitStore> store,
                    LongSupplier wallClock) {
        this.state = hazelcast.getMap(STATE_MAP);
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.budgets = budgets;
        this.store = store;
        this.wallClock = wallClock;
    }

    /** One step of the background job: restore the grid if this node is the first, else snapshot. Never throws. */
    synchronized void tick() {
        SharedBudgets grid = budgets.get();
        LimitStore bound = store.get();
        if (grid == null || bound == null) {
            return;
        }
        try {
            if (!restored && !restoreOnce(grid, bound)) {
                return;
            }
            snapshot(grid, bound);
        } catch (RuntimeException e) {
            LOG.warn("Budget snapshot skipped: {}", e.toString());
        }
    }

    /** True once the grid has its stored amounts back (by this node or another). */
    private boolean restoreOnce(SharedBudgets grid, LimitStore bound) {
        String marker = state.get(MARKER);
        if (DONE.equals(marker)) {
            restored = true;
            return true;
        }
        if (marker != null || state.putIfAbsent(MARKER, "restoring:" + node, CLAIM_SECONDS, TimeUnit.SECONDS) != null) {
            return false; // another node is restoring
        }
        long now = wallClock.getAsLong();
        int count = 0;
        for (LimitStore.BudgetSpent row : bound.budgetSpent(now)) {
            if (row.spent() > 0) {
                grid.restoreSpent(row.budget(), row.spent(), row.expiresAtMillis());
                count++;
            }
        }
        state.set(MARKER, DONE);
        restored = true;
        if (count > 0) {
            LOG.info("Restored the spent amounts of {} budget periods from the store into the grid", count);
        }
        return true;
    }

    private void snapshot(SharedBudgets grid, LimitStore bound) {
        List<LimitStore.BudgetSpent> changed = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (SharedBudgets.BudgetSpent budget : grid.spentSnapshot()) {
            seen.put(budget.budget(), budget.spent());
            Long before = written.get(budget.budget());
            if (before == null ? budget.spent() != 0 : before != budget.spent()) {
                changed.add(new LimitStore.BudgetSpent(budget.budget(), budget.spent(), budget.expiresAtMillis()));
            }
        }
        bound.saveBudgetSpent(changed, wallClock.getAsLong());
        written.clear();
        written.putAll(seen);
    }
}
