package dev.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.grid.GridMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SharedBudgets} as one grid map of {@link BudgetEntry}s changed only by {@link BudgetOperation}s,
 * so every reserve, settle and release is one atomic step on the budget's owner, one round trip from any node.
 */
@Component(service = SharedBudgets.class)
public final class GridBudgets implements SharedBudgets {

    static final String MAP_NAME = "switchboard.budgets";
    private static final long RELEASED_ONLY_TTL = 86_400;

    private final IMap<String, BudgetEntry> budgets;
    private final Executor callbacks;

    @Activate
    public GridBudgets(@Reference(name = "member") GridMember member) {
        this(member.hazelcast(), member.callbackExecutor());
    }

    GridBudgets(HazelcastInstance hazelcast, Executor callbacks) {
        this.budgets = hazelcast.getMap(MAP_NAME);
        this.callbacks = callbacks;
    }

    @Override
    public CompletionStage<BudgetState> reserve(String budget, String requestId, long amount, long limit,
                                                Duration holdFor, Duration expireAfter) {
        return submit(budget, new BudgetOperation(BudgetOperation.RESERVE, requestId, amount, limit,
                holdFor == null ? 0 : holdFor.toMillis(), GridCounters.ttlSeconds(expireAfter)));
    }

    @Override
    public CompletionStage<BudgetState> settle(String budget, String requestId, long actual, Duration expireAfter) {
        return submit(budget, new BudgetOperation(BudgetOperation.SETTLE, requestId, actual, 0, 0,
                GridCounters.ttlSeconds(expireAfter)));
    }

    @Override
    public CompletionStage<BudgetState> release(String budget, String requestId) {
        // an existing entry keeps the time to live its settles set; one a release creates (it overtook its
        // reserve) lives a day
        return submit(budget, new BudgetOperation(BudgetOperation.RELEASE, requestId, 0, 0, 0, RELEASED_ONLY_TTL));
    }

    @Override
    public BudgetState read(String budget) {
        BudgetEntry entry = budgets.get(budget);
        return entry == null ? new BudgetState(false, 0, 0, 0, 0)
                : new BudgetState(true, entry.spent, entry.reserved(), entry.spent, entry.reservations.size());
    }

    @Override
    public void reset(String budget) {
        budgets.executeOnKey(budget, new BudgetOperation(BudgetOperation.RESET, null, 0, 0, 0, -1));
    }

    @Override
    public List<BudgetSpent> spentSnapshot() {
        Collection<String[]> rows = budgets.project(new BudgetSpentProjection());
        List<BudgetSpent> spent = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            spent.add(new BudgetSpent(row[0], Long.parseLong(row[1]), Long.parseLong(row[2])));
        }
        return spent;
    }

    @Override
    public void restoreSpent(String budget, long spent, long expiresAtMillis) {
        budgets.executeOnKey(budget, new BudgetOperation(BudgetOperation.RESTORE, null, spent, expiresAtMillis, 0, 0));
    }

    private CompletionStage<BudgetState> submit(String budget, BudgetOperation operation) {
        return GridCounters.onCallbackThreads(budgets.submitToKey(budget, operation), callbacks)
                .thenApply(GridBudgets::state);
    }

    static BudgetState state(long[] answer) {
        return new BudgetState(answer[0] == 1, answer[1], answer[2], answer[3], (int) answer[4]);
    }
}
