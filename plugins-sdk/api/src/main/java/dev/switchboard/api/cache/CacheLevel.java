package dev.switchboard.api.cache;

/** Where a cache keeps its entries; core asks the levels in this order. */
public enum CacheLevel {
    MEMORY,
    DISTRIBUTED,
    SEMANTIC
}
