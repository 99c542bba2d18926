package dev.switchboard.api.cache;

/** Counters since the cache started. */
public record CacheStats(long hits, long misses, long puts, long evictions, long size) {

    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
