package dev.switchboard.quota.ratelimit.internal;

import dev.switchboard.api.state.SharedCounters;
import dev.switchboard.api.state.SharedRateLimits.Algorithm;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One {@code local} limit for one scope value, counted on this node and synced with the cluster in the
 * background through {@link SharedCounters}, so a check never waits on the grid.
 *
 * <p>Sliding window: the cluster's count of the current fixed window (as of the last sync) + what this node counted
 * since, + the previous window's count weighted by how much of it the sliding window still covers. Token bucket:
 * this node's bucket, refilled continuously, from which the other nodes' consumption is taken at each sync.
 *
 * <p>Bound: between two syncs a node does not see the others' requests, so the cluster admits at most the limit +
 * what the other nodes admitted within one sync interval (+ the grid's round trip): about (nodes - 1) x rate x
 * interval. The first request of a window syncs at once. A burst that reaches every node within one round trip can
 * be admitted by each node up to the limit (nodes x limit): a limit that must hold under bursts is {@code exact}.
 * The grid's answer is never believed below what this node handed over itself.
 */
final class LocalLimit {

    private final String name;
    private final Algorithm algorithm;
    private final long limit;
    private final long windowMillis;
    private final long syncNanos;
    private final SharedCounters counters;
    private final LongSupplier millis;
    private final LongSupplier nanos;

    // sliding window: the current fixed window and the previous one's count
    private long index = Long.MIN_VALUE;
    private long previous;
    private long cluster;      // the cluster's count of this window at the last sync (own synced included)
    private long ownSynced;    // what this node handed over for this window
    private long inFlight;     // handed over, answer not back yet
    private long pending;      // counted here, not handed over yet
    private boolean syncing;
    private long lastSyncNanos;
    private boolean synced;
    // token bucket: milli-tokens left, and the others' consumption already taken from it
    private long tokens;
    private long lastRefillMillis;
    private long othersSeen;
    volatile long lastUsedMillis;

    LocalLimit(String name, Algorithm algorithm, long limit, Duration per, long syncMillis, SharedCounters counters,
               LongSupplier millis, LongSupplier nanos) {
        this.name = name;
        this.algorithm = algorithm;
        this.limit = limit;
        this.windowMillis = per.toMillis();
        this.syncNanos = syncMillis * 1_000_000L;
        this.counters = counters;
        this.millis = millis;
        this.nanos = nanos;
        this.tokens = capacity();
    }

    /** The answer of a local check: granted, used after it, and when to retry when not granted. */
    record Take(boolean granted, long used, long retryAfterMillis) {
    }

    /** Takes {@code amount} if the limit allows it ({@code force}: whatever it says, e.g. an adjustment). */
    Take take(long amount, boolean force) {
        long now = millis.getAsLong();
        lastUsedMillis = now;
        Take take;
        synchronized (this) {
            roll(now);
            take = algorithm == Algorithm.TOKEN_BUCKET ? takeFromBucket(amount, force, now) : takeFromWindow(amount,
                    force, now);
        }
        sync();
        return take;
    }

    /** What is used of the limit now (for operators). */
    synchronized long used() {
        long now = millis.getAsLong();
        roll(now);
        return algorithm == Algorithm.TOKEN_BUCKET ? limit - Math.floorDiv(refilled(now), 1000) : windowUsed(now);
    }

    /** Forgets this window: here, and in the cluster's counter (by taking the count this node knows off it). */
    void reset() {
        long known;
        long window;
        synchronized (this) {
            known = Math.max(cluster, ownSynced) + inFlight + pending;
            window = index;
            previous = 0;
            cluster = 0;
            ownSynced = 0;
            pending = 0;
            othersSeen = 0;
            tokens = capacity();
        }
        if (window != Long.MIN_VALUE && known != 0) {
            counters.addAndGetAsync(counterName(window), -known, Duration.ofMillis(2 * windowMillis));
        }
    }

    private long capacity() {
        return limit > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : limit * 1000;
    }

    private void roll(long now) {
        long current = Math.floorDiv(now, windowMillis);
        if (current == index) {
            return;
        }
        if (index != Long.MIN_VALUE && pending != 0) {
            // what this node counted in the old window still reaches the old counter (not waited for)
            counters.addAndGetAsync(counterName(index), pending, Duration.ofMillis(2 * windowMillis));
        }
        long total = Math.max(cluster, ownSynced) + inFlight + pending;
        previous = current == index + 1 ? total : 0;
        index = current;
        cluster = 0;
        ownSynced = 0;
        inFlight = 0;
        pending = 0;
        othersSeen = 0;
        synced = false;
    }

    private long windowUsed(long now) {
        long elapsed = now - index * windowMillis;
        long weighted = previous * (windowMillis - elapsed) / windowMillis;
        return weighted + Math.max(cluster, ownSynced) + inFlight + pending;
    }

    private Take takeFromWindow(long amount, boolean force, long now) {
        long used = windowUsed(now);
        if (force || amount <= 0 || used + amount <= limit) {
            pending += amount;
            return new Take(true, used + amount, 0);
        }
        long elapsed = now - index * windowMillis;
        long current = Math.max(cluster, ownSynced) + inFlight + pending;
        long room = limit - current - amount;
        long retry = room < 0 || previous == 0 ? windowMillis - elapsed
                : windowMillis - room * windowMillis / previous - elapsed;
        return new Take(false, used, Math.max(1, retry));
    }

    private long refilled(long now) {
        long elapsed = Math.max(0, now - lastRefillMillis);
        long capacity = capacity();
        long refill = lastRefillMillis == 0 || elapsed >= windowMillis ? capacity
                : (long) ((double) capacity * elapsed / windowMillis);
        return Math.min(capacity, tokens + refill);
    }

    private Take takeFromBucket(long amount, boolean force, long now) {
        tokens = refilled(now);
        lastRefillMillis = now;
        long asked = amount * 1000;
        if (force || amount <= 0 || tokens >= asked) {
            tokens = Math.min(capacity(), tokens - asked);
            pending += amount;
            return new Take(true, limit - Math.floorDiv(tokens, 1000), 0);
        }
        long retry = asked > capacity() ? windowMillis
                : (long) Math.ceil((double) (asked - tokens) * windowMillis / capacity());
        return new Take(false, limit - Math.floorDiv(tokens, 1000), Math.max(1, retry));
    }

    /** Hands what was counted here to the cluster at most once per interval (at once for a window's first). */
    private void sync() {
        long delta;
        long window;
        synchronized (this) {
            long now = nanos.getAsLong();
            if (syncing || (synced && now - lastSyncNanos < syncNanos)) {
                return;
            }
            syncing = true;
            synced = true;
            lastSyncNanos = now;
            delta = pending;
            pending = 0;
            inFlight = delta;
            window = index;
        }
        counters.addAndGetAsync(counterName(window), delta, Duration.ofMillis(2 * windowMillis))
                .whenComplete((total, failure) -> synced(window, delta, total, failure));
    }

    private synchronized void synced(long window, long delta, Long total, Throwable failure) {
        syncing = false;
        if (window != index) {
            return; // the window rolled meanwhile; the old one is over
        }
        inFlight = 0;
        if (failure != null) {
            pending += delta; // the grid is unreachable: counted here, handed over with the next sync
            return;
        }
        ownSynced += delta;
        cluster = Math.max(cluster, Math.max(total, ownSynced));
        if (algorithm == Algorithm.TOKEN_BUCKET) {
            long others = Math.max(0, cluster - ownSynced);
            if (others > othersSeen) {
                tokens -= (others - othersSeen) * 1000;
                othersSeen = others;
            }
        }
    }

    private String counterName(long window) {
        return "rl:" + name + ':' + window;
    }
}
