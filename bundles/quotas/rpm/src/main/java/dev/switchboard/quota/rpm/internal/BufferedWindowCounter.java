package dev.switchboard.quota.rpm.internal;

import dev.switchboard.api.state.SharedCounters;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts on this node and syncs the count to the cluster in the background, so a check never waits on
 * the grid. On one node the count is exact. Across nodes, each node learns the others' requests at its
 * next sync (at most one interval after its previous one, on its next request for that key), so the
 * cluster can admit up to about (nodes - 1) x rate x interval more than the limit. The first request
 * of a key in a window syncs at once, so a node joining a busy window catches up immediately.
 * The grid's answer is never believed below what this node itself handed over: the grid authenticates
 * nobody, and a count written low there must not let this node admit more than the limit on its own.
 */
final class BufferedWindowCounter implements WindowCounter {

    private static final int PRUNE_ABOVE = 10_000;

    private final SharedCounters counters;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();

    BufferedWindowCounter(SharedCounters counters, long intervalMillis, LongSupplier nanoClock) {
        this.counters = counters;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoClock = nanoClock;
    }

    @Override
    public long increment(String keyId, long window) {
        Tally tally = tallies.get(keyId);
        if (tally == null || tally.window < window) {
            tally = tallies.compute(keyId, (key, old) -> old != null && old.window >= window ? old : new Tally(window));
            if (tallies.size() > PRUNE_ABOVE) {
                tallies.values().removeIf(t -> t.window < window);
            }
        }
        long mine = tally.pending.incrementAndGet();
        long estimate = tally.clusterTotal + tally.inFlight + mine;
        sync(keyId, tally);
        return estimate;
    }

    private void sync(String keyId, Tally tally) {
        long now = nanoClock.getAsLong();
        if (tally.synced && now - tally.lastSyncNanos < intervalNanos) {
            return;
        }
        if (!tally.syncing.compareAndSet(false, true)) {
            return;
        }
        tally.synced = true;
        tally.lastSyncNanos = now;
        // counted as in flight before it leaves pending: a concurrent check over-counts for a moment,
        // never under-counts
        long delta = tally.pending.get();
        tally.inFlight = delta;
        tally.pending.addAndGet(-delta);
        counters.addAndGetAsync(SharedWindowCounter.counterName(keyId, tally.window), delta,
                SharedWindowCounter.EXPIRE_AFTER).whenComplete((total, failure) -> {
                    if (failure == null) {
                        long own = tally.ownSynced.addAndGet(delta);
                        tally.clusterTotal = Math.max(tally.clusterTotal, Math.max(total, own));
                    } else {
                        // the grid is unreachable: keep the count here and hand it over with the next sync
                        tally.pending.addAndGet(delta);
                    }
                    tally.inFlight = 0;
                    tally.syncing.set(false);
                });
    }

    /** One key's count in one window: what the cluster had at the last sync, what is on its way, what is not. */
    private static final class Tally {
        final long window;
        final AtomicLong pending = new AtomicLong();
        final AtomicLong ownSynced = new AtomicLong();
        final AtomicBoolean syncing = new AtomicBoolean();
        volatile long clusterTotal;
        volatile long inFlight;
        volatile long lastSyncNanos;
        volatile boolean synced;

        Tally(long window) {
            this.window = window;
        }
    }
}
