package dev.switchboard.testkit;

import dev.switchboard.api.state.SharedBudgets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link SharedBudgets} in one map, with the grid's semantics (idempotent per request id), and a switch to fail: for
 * the unit tests of a quota strategy that reserves in the grid (budgets, exact concurrency limits).
 */
public final class InMemorySharedBudgets implements SharedBudgets {

    private final Map<String, Long> spent = new HashMap<>();
    private final Map<String, Map<String, Long>> held = new HashMap<>();
    private final Set<String> settled = new HashSet<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean unreachable;

    /** How many times a grid call (reserve, settle, release) was made. */
    public int calls() {
        return calls.get();
    }

    /** While true, reserve and settle fail as when the grid cannot be reached. */
    public void unreachable(boolean unreachable) {
        this.unreachable = unreachable;
    }

    @Override
    public synchronized CompletionStage<BudgetState> reserve(String budget, String requestId, long amount, long limit,
                                                             Duration holdFor, Duration expireAfter) {
        calls.incrementAndGet();
        if (unreachable) {
            return CompletableFuture.failedFuture(new IllegalStateException("grid unreachable"));
        }
        Map<String, Long> holds = held.computeIfAbsent(budget, b -> new HashMap<>());
        long s = spent.getOrDefault(budget, 0L);
        long reserved = holds.values().stream().mapToLong(Long::longValue).sum();
        boolean granted = holds.containsKey(requestId) || s + reserved + amount <= limit;
        if (granted) {
            holds.putIfAbsent(requestId, amount);
        }
        return done(granted, budget, s);
    }

    @Override
    public synchronized CompletionStage<BudgetState> settle(String budget, String requestId, long actual,
                                                            Duration expireAfter) {
        calls.incrementAndGet();
        if (unreachable) {
            return CompletableFuture.failedFuture(new IllegalStateException("grid unreachable"));
        }
        long before = spent.getOrDefault(budget, 0L);
        if (!settled.add(budget + '/' + requestId)) {
            return done(false, budget, before);
        }
        held.computeIfAbsent(budget, b -> new HashMap<>()).remove(requestId);
        spent.put(budget, before + actual);
        return done(true, budget, before);
    }

    @Override
    public synchronized CompletionStage<BudgetState> release(String budget, String requestId) {
        calls.incrementAndGet();
        boolean had = held.computeIfAbsent(budget, b -> new HashMap<>()).remove(requestId) != null;
        return done(had, budget, spent.getOrDefault(budget, 0L));
    }

    @Override
    public synchronized BudgetState read(String budget) {
        return state(false, budget, spent.getOrDefault(budget, 0L));
    }

    @Override
    public synchronized void reset(String budget) {
        spent.remove(budget);
        held.remove(budget);
    }

    private CompletionStage<BudgetState> done(boolean granted, String budget, long before) {
        return CompletableFuture.completedFuture(state(granted, budget, before));
    }

    private BudgetState state(boolean granted, String budget, long before) {
        Map<String, Long> holds = held.getOrDefault(budget, Map.of());
        return new BudgetState(granted, spent.getOrDefault(budget, 0L),
                holds.values().stream().mapToLong(Long::longValue).sum(), before, holds.size());
    }
}
