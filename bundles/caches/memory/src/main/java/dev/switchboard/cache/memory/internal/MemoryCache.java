package dev.switchboard.cache.memory.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The L1 cache: answers kept in this node's heap, matched exactly on {@link CacheKey#partitionedKey()} (so
 * a tenant's answers, or a tenant's of one model, can be cleared), kept at most as long as the request asked.
 * Which requests are cacheable and how they are fingerprinted is core's decision, not this bundle's.
 * A change of configuration re-creates the component, which starts with an empty cache.
 */
@Component(service = ResponseCache.class, configurationPid = MemoryCacheConfig.PID,
        property = ResponseCache.NAME_PROPERTY + "=" + MemoryCache.NAME)
@Designate(ocd = MemoryCacheConfig.class)
public final class MemoryCache implements ResponseCache {

    public static final String NAME = "memory";

    /** {@code null} when the configuration disables the cache. */
    private final ExpiringLruMap<ChatResponse> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();

    @Activate
    public MemoryCache(MemoryCacheConfig config) {
        this(config.max_entries(), Duration.ofSeconds(Math.max(0, config.ttl_seconds())), System::nanoTime);
    }

    MemoryCache(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        this.entries = maxEntries > 0 ? new ExpiringLruMap<>(maxEntries, ttl.toNanos(), nanoClock) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CacheLevel level() {
        return CacheLevel.MEMORY;
    }

    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        ChatResponse found = null;
        try {
            if (entries != null && key != null) {
                found = entries.get(key.partitionedKey());
            }
        } catch (RuntimeException e) {
            // the contract: a cache failure is a miss, never a failed request
            found = null;
        }
        if (found == null) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(found);
    }

    @Override
    public void put(CacheKey key, ChatResponse response) {
        if (entries == null || key == null || response == null) {
            return;
        }
        try {
            entries.put(key.partitionedKey(), response, key.ttl() == null ? 0 : key.ttl().toNanos());
            puts.increment();
        } catch (RuntimeException e) {
            // not storing is always safe
        }
    }

    @Override
    public long clear(String tenant, String model) {
        return entries == null ? 0 : entries.removeKeys(key -> CacheKey.matches(key, tenant, model));
    }

    @Override
    public CacheStats stats() {
        long size = entries == null ? 0 : entries.size();
        long evictions = entries == null ? 0 : entries.evictions();
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), evictions, size);
    }
}
