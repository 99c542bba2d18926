package ${package}.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Response cache {@code ${pluginName}}: the bundle's one entry point. Core asks every bound cache, in the order of
 * their {@link CacheLevel}, about the requests it finds cacheable (temperature 0, or asked for), and stores the
 * answers it got. Replace the map below with your store. The contracts (docs/plugin-guide.md): be fast (this runs
 * on the request thread; a remote store needs a local timeout far below a provider call), never throw (a failure
 * is a miss, a put that fails is skipped), keep tenants apart (match on {@link CacheKey#exactKey}, which holds
 * the tenant's scope), stay bounded, and count hits, misses and puts in {@code stats()}.
 * A configuration change re-creates the component, which starts empty.
 */
@Component(service = ResponseCache.class, configurationPid = ${pluginClass}CacheConfig.PID,
        property = ResponseCache.NAME_PROPERTY + "=" + ${pluginClass}Cache.NAME)
@Designate(ocd = ${pluginClass}CacheConfig.class)
public final class ${pluginClass}Cache implements ResponseCache {

    static final String NAME = "${pluginName}";

    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    /** Access-ordered, so the eldest entry is the least recently used; guarded by itself. */
    private final LinkedHashMap<String, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    @Activate
    public ${pluginClass}Cache(${pluginClass}CacheConfig config) {
        this(config.max_entries(), Duration.ofSeconds(Math.max(0, config.ttl_seconds())), System::nanoTime);
    }

    ${pluginClass}Cache(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        this.maxEntries = Math.max(0, maxEntries);
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > ${pluginClass}Cache.this.maxEntries) {
                    evictions.increment();
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    /** MEMORY: asked first. A cache shared by the cluster is DISTRIBUTED, one that matches on meaning SEMANTIC. */
    @Override
    public CacheLevel level() {
        return CacheLevel.MEMORY;
    }

    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        ChatResponse found = null;
        try {
            if (key != null && maxEntries > 0) {
                found = lookup(key.exactKey(), nanoClock.getAsLong());
            }
        } catch (RuntimeException e) {
            found = null; // the contract: a cache failure is a miss, never a failed request
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
        if (key == null || response == null || maxEntries == 0) {
            return;
        }
        try {
            Entry entry = new Entry(response, nanoClock.getAsLong());
            synchronized (entries) {
                entries.put(key.exactKey(), entry);
            }
            puts.increment();
        } catch (RuntimeException e) {
            // not storing is always safe
        }
    }

    @Override
    public CacheStats stats() {
        long size;
        synchronized (entries) {
            size = entries.size();
        }
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), evictions.sum(), size);
    }

    private ChatResponse lookup(String key, long now) {
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            if (ttlNanos > 0 && now - entry.storedAtNanos() >= ttlNanos) {
                entries.remove(key);
                evictions.increment();
                return null;
            }
            return entry.response();
        }
    }

    private record Entry(ChatResponse response, long storedAtNanos) {
    }
}
