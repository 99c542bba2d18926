package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cache level over a map, for the core tests (public for those outside this package); a test may override
 * {@code lookup} to answer later, or {@code stats} to report fixed counters.
 */
public class MapCache implements ResponseCache {

    final Map<String, ChatResponse> entries = new ConcurrentHashMap<>();
    private final String name;
    private final CacheLevel level;

    /** A memory level named {@code map-MEMORY}. */
    public MapCache() {
        this(CacheLevel.MEMORY);
    }

    public MapCache(CacheLevel level) {
        this("map-" + level, level);
    }

    public MapCache(String name, CacheLevel level) {
        this.name = name;
        this.level = level;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CacheLevel level() {
        return level;
    }

    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        return Optional.ofNullable(entries.get(key.exactKey()));
    }

    @Override
    public void put(CacheKey key, ChatResponse response) {
        entries.put(key.exactKey(), response);
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(0, 0, 0, 0, entries.size());
    }
}
