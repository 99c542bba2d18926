package dev.switchboard.quota.rpm.internal;

/**
 * Counts requests of one key in one fixed window. The strategy only ever asks this, so how counting
 * reaches the cluster is a local choice behind it: {@link BufferedWindowCounter} by default (local count,
 * background sync, never waits on the grid) or {@link SharedWindowCounter} (one blocking grid round trip
 * per request, exact across nodes).
 */
interface WindowCounter {

    /** Counts one request and returns how many this key has made in the window, this one included. */
    long increment(String keyId, long window);
}
