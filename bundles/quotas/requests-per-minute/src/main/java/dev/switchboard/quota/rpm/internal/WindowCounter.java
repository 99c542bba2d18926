package dev.switchboard.quota.rpm.internal;

/**
 * Counts requests of one key in one fixed window. The strategy only ever asks this, so how counting
 * reaches the cluster is a local choice behind it: today {@link SharedWindowCounter} (one grid round
 * trip per request, exact); later, if the hot path needs it, a local counter that syncs its deltas to
 * the grid asynchronously (approximate across nodes by at most one sync interval).
 */
interface WindowCounter {

    /** Counts one request and returns how many this key has made in the window, this one included. */
    long increment(String keyId, long window);
}
