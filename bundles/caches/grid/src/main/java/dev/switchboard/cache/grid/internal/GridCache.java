package dev.switchboard.cache.grid.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * is cacheable; stores do not wait for the grid, and neither do lookups ({@link #lookup}).
 */
@Component(service = ResponseCache.class, configurationPid = GridCacheConfig.PID,
        property = ResponseCache.NAME_PROPERTY + "=" + GridCache.NAME)
@Designate(ocd = GridCacheConfig.class)
public final class GridCache implements ResponseCache {

    public static final String NAME = "grid";
    /** The shared map's name; {@code .v1} is the storage form, so a changed form gets a map of its own. */
    static final String MAP = "response-cache.v1";

    private static final Logger LOG = LoggerFactory.getLogger(GridCache.class);
    /** One shared completed miss, so a miss answered at once allocates no stage. */
    private static final CompletionStage<Optional<ChatResponse>> MISS = CompletableFuture.completedFuture(Optional.empty());

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

    /** For callers that can wait (tests, tools): waits for the grid at most {@code lookup.timeout.ms}. */
    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        byte[] json = null;
        try {
            json = entries == null || key == null ? null : entries.get(key.partitionedKey());
        } catch (RuntimeException e) {
            LOG.debug("Grid cache read failed; a miss", e);
        }
        return counted(json);
    }

    /**
     * Core's lookup: never parks the caller. An entry in this node's near cache completes the stage at once, on the
     * caller (no thread hop); otherwise the grid completes it on its callback threads with the entry, or with a miss
     * when {@code lookup.timeout.ms} passes first (the grid's {@code getAsync} bounds it by the map's read timeout).
     */
    @Override
    public CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
        if (entries == null || key == null) {
            counted(null);
            return MISS;
        }
        CompletionStage<byte[]> read;
        try {
            read = entries.getAsync(key.partitionedKey());
        } catch (RuntimeException e) {
            LOG.debug("Grid cache read failed; a miss", e);
            read = null;
        }
        if (read == null) {
            counted(null);
            return MISS;
        }
        CompletableFuture<byte[]> future = read.toCompletableFuture();
        if (future.isDone()) {
            Optional<ChatResponse> found = counted(future.isCompletedExceptionally() ? null : future.join());
            return found.isEmpty() ? MISS : CompletableFuture.completedFuture(found);
        }
        return future.handle((json, failure) -> counted(failure == null ? json : null));
    }

    /** The answer in {@code json}, counted as a hit, or a counted miss when there is none or it is unreadable. */
    private Optional<ChatResponse> counted(byte[] json) {
        ChatResponse found = null;
        try {
            found = json == null ? null : ResponseJson.read(json);
        } catch (Exception e) {
            // the contract: a cache failure is a miss, never a failed request
            LOG.debug("Grid cache entry unreadable; a miss", e);
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
