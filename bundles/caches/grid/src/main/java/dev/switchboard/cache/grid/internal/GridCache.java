package dev.switchboard.cache.grid.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L2 cache: answers shared by every node through the grid's {@link SignedEntries}, so an answer one
 * node stored is served by all. Entries are the answer's JSON bytes (the grid holds only JDK types),
 * signed by the grid service with the cluster secret; one that does not check is a miss. Answers larger
 * than the configured size are not stored. Core asks this cache after the memory one and decides what
 * is cacheable; stores do not wait for the grid.
 */
@Component(service = ResponseCache.class, configurationPid = GridCacheConfig.PID,
        property = ResponseCache.NAME_PROPERTY + "=" + GridCache.NAME)
@Designate(ocd = GridCacheConfig.class)
public final class GridCache implements ResponseCache {

    public static final String NAME = "grid";
    /** The shared map's name; {@code .v1} is the storage form, so a changed form gets a map of its own. */
    static final String MAP = "response-cache.v1";

    private static final Logger LOG = LoggerFactory.getLogger(GridCache.class);

    /** {@code null} when the configuration disables the cache. */
    private final SignedEntries.EntryMap entries;
    private final int maxEntryBytes;
    private final Duration ttl;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();

    @Activate
    public GridCache(@Reference(name = "entries") SignedEntries signedEntries, GridCacheConfig config) {
        this(config.max_entries() > 0 ? signedEntries.open(MAP, new SignedEntries.EntryMapSpec(
                        Duration.ofSeconds(Math.max(1, config.ttl_seconds())), config.max_entries(), config.near_cache(),
                        Duration.ofMillis(Math.max(0, config.lookup_timeout_ms()))))
                        : null,
                config.max_entry_bytes(), Duration.ofSeconds(Math.max(1, config.ttl_seconds())));
    }

    GridCache(SignedEntries.EntryMap entries, int maxEntryBytes, Duration ttl) {
        this.entries = entries;
        this.maxEntryBytes = maxEntryBytes;
        this.ttl = ttl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CacheLevel level() {
        return CacheLevel.DISTRIBUTED;
    }

    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        ChatResponse found = null;
        try {
            if (entries != null && key != null) {
                byte[] json = entries.get(key.partitionedKey());
                found = json == null ? null : ResponseJson.read(json);
            }
        } catch (Exception e) {
            // the contract: a cache failure is a miss, never a failed request
            LOG.debug("Grid cache entry unreadable; a miss", e);
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
            byte[] json = ResponseJson.write(response);
            if (json.length > maxEntryBytes) {
                tooLarge.increment();
                return;
            }
            entries.putAsync(key.partitionedKey(), json, shorter(key.ttl()));
            puts.increment();
        } catch (Exception e) {
            // not storing is always safe
            LOG.debug("Grid cache store skipped", e);
        }
    }

    /** The request's time to live when it is shorter than the map's, else {@code null} (the map's). */
    private Duration shorter(Duration requested) {
        return requested != null && !requested.isNegative() && !requested.isZero() && requested.compareTo(ttl) < 0
                ? requested : null;
    }

    /** Removes the answers of a tenant and model (null: any) in the whole cluster; returns how many. */
    @Override
    public long clear(String tenant, String model) {
        if (entries == null) {
            return 0;
        }
        return entries.removeKeys(key -> CacheKey.matches(key, tenant, model));
    }

    /** Answers not stored because they were over the size bound. */
    long tooLarge() {
        return tooLarge.sum();
    }

    @Override
    public CacheStats stats() {
        long size = 0;
        try {
            size = entries == null ? 0 : entries.size();
        } catch (RuntimeException e) {
            LOG.debug("Grid cache size unavailable", e);
        }
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), 0, size);
    }
}
