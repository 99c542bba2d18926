package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.embeddings.Embedder;
import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic level: a prompt is answered with the answer of an earlier prompt of the same tenant scope, model and
 * parameters whose embedding is at least {@code similarity.threshold} similar (cosine). Core asks it after the
 * exact-match levels. Vectors come from core's {@link Embedder} (the gateway's own pipeline, billed to the tenant).
 *
 * <p>The index is the grid's: every indexed answer is one signed entry of the shared map
 * {@value #MAP} (partition, vector and answer as bytes, {@link SemanticEntry}), so an answer one node indexed is a hit
 * on every node. Each node keeps a view of the partitions and vectors (not the answers) in heap, bounded by
 * {@code max.entries}, fed by the map's events (checked entries only) and filled from the map when the node starts; a
 * lookup scans its partition there and reads the one answer it found from the grid (near-cached). Nothing in a
 * lookup parks a thread: {@link #lookup} returns a stage completed when the embedding and the answer are there, or
 * with a miss after {@code lookup.timeout.ms} on this cache's own threads ({@link LookupDeadlines}). The embedding a lookup started is kept (bounded, by the request's exact
 * key) and the {@code put} of the fresh answer indexes it when it arrives: a put never waits either. Without its
 * configuration file the component is not even registered; with it, it is still off unless an embedding model and
 * chat models are set.
 */
@Component(service = ResponseCache.class, configurationPid = SemanticCacheConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = ResponseCache.NAME_PROPERTY + "=" + SemanticCache.NAME)
@Designate(ocd = SemanticCacheConfig.class)
public final class SemanticCache implements ResponseCache {

    public static final String NAME = "semantic";
    /** The shared map's name; {@code .v1} is the storage form ({@link SemanticEntry}). */
    static final String MAP = "semantic-cache.v1";

    private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);
    /** Embeddings started by lookups, waiting for the put of the same request; few are pending at a time. */
    private static final int MAX_PENDING = 1_024;

    private final Embedder embedder;
    private final SemanticSettings settings;
    /** The shared map; {@code null} when the configuration disables the cache. */
    private final SignedEntries.EntryMap entries;
    /** This node's view of the shared index: partition, key and vector of each entry; null when disabled. */
    private final VectorIndex<String> index;
    private final AutoCloseable events;
    /** Gives up on slow lookups; null when disabled or when lookups never wait ({@code lookup.timeout.ms} 0). */
    private final LookupDeadlines deadlines;
    private final Map<String, CompletableFuture<float[]>> pending = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<float[]>> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();

    @Activate
    public SemanticCache(@Reference Embedder embedder, @Reference(name = "entries") SignedEntries signedEntries,
                         SemanticCacheConfig config) {
        this(embedder, SemanticSettings.of(config), settings -> signedEntries.open(MAP, spec(settings)),
                System::nanoTime);
    }

    /** {@code grid} opens the shared map (called only when the settings enable the cache). */
    SemanticCache(Embedder embedder, SemanticSettings settings,
                  java.util.function.Function<SemanticSettings, SignedEntries.EntryMap> grid, LongSupplier nanoClock) {
        this.embedder = embedder;
        this.settings = settings;
        if (settings.enabled()) {
            this.index = new VectorIndex<>(settings.maxEntries(), settings.ttl().toNanos(), nanoClock);
            this.entries = grid.apply(settings);
            this.events = listen(entries, index);
            this.deadlines = settings.lookupTimeout().isZero() ? null
                    : new LookupDeadlines(settings.lookupTimeout().toNanos());
        } else {
            this.index = null;
            this.entries = null;
            this.events = null;
            this.deadlines = null;
        }
    }

    static SignedEntries.EntryMapSpec spec(SemanticSettings settings) {
        return new SignedEntries.EntryMapSpec(settings.ttl(), Math.max(1, settings.maxEntries()), true, Duration.ZERO);
    }

    /** Keeps this node's view in step with the map: what any node stores (checked) is indexed, what leaves is not. */
    private static AutoCloseable listen(SignedEntries.EntryMap entries, VectorIndex<String> index) {
        try {
            return entries.listen(new SignedEntries.EntryListener() {
                @Override
                public void stored(String key, byte[] value) {
                    SemanticEntry entry = SemanticEntry.head(value);
                    if (entry != null && key.startsWith(tenantAndModel(entry.partition()))) {
                        index.put(entry.partition(), key, entry.vector(), key,
                                TimeUnit.MILLISECONDS.toNanos(entry.ttlMillis()));
                    }
                }

                @Override
                public void removed(String key) {
                    index.remove(key);
                }
            }, true);
        } catch (RuntimeException e) {
            LOG.warn("Semantic cache could not follow the shared index; this node serves only what it indexes", e);
            return null;
        }
    }

    /**
     * The tenant-and-model start of a partition ({@link CacheKey#prefix}). An entry is indexed only under a key with
     * the same start, so an entry can never put its vector into another tenant's or model's partition (key and value
     * are signed together; this guards against a node's own mistake). A malformed partition gives itself whole,
     * which no key of that form starts with.
     */
    static String tenantAndModel(String partition) {
        int end = 0;
        try {
            for (int part = 0; part < 2; part++) {
                int colon = partition.indexOf(':', end);
                int length = Integer.parseInt(partition, end, colon, 10);
                end = colon + 1 + length + 1;
                if (length < 0 || end > partition.length() || partition.charAt(end - 1) != ':') {
                    return partition + CacheKey.PARTITION;
                }
            }
        } catch (RuntimeException e) {
            return partition + CacheKey.PARTITION;
        }
        return partition.substring(0, end);
    }

    @Deactivate
    void deactivate() {
        if (deadlines != null) {
            deadlines.close();
        }
        if (events != null) {
            try {
                events.close();
            } catch (Exception e) {
                LOG.debug("Semantic cache listener not removed", e);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CacheLevel level() {
        return CacheLevel.SEMANTIC;
    }

    /**
     * For callers that can wait (tests, tools): {@link #lookup} waited for, at most {@code lookup.timeout.ms}. Core
     * calls {@link #lookup}.
     */
    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        try {
            return lookup(key).toCompletableFuture().join();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Embeds the prompt (or takes the embedding a lookup of the same request started), scans this node's view of its
     * partition and reads the nearest answer from the grid; the stage completes with a miss after
     * {@code lookup.timeout.ms} however far it got, and never exceptionally.
     */
    @Override
    public CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
        CompletableFuture<Optional<ChatResponse>> found;
        try {
            SemanticPrompt prompt = prompt(key);
            if (prompt == null) {
                found = CompletableFuture.completedFuture(Optional.empty());
            } else {
                CompletableFuture<float[]> embedding = embedding(key, prompt, true);
                if (settings.lookupTimeout().isZero() && !embedding.isDone()) {
                    found = CompletableFuture.completedFuture(Optional.empty());
                } else {
                    found = embedding.thenCompose(vector -> answer(prompt, vector))
                            .exceptionally(failure -> Optional.empty());
                    // a miss after the timeout, on this cache's threads (never the JDK's delay thread); with no
                    // timeout (0) the embedding is there already and only the near-cached grid read is left
                    found = deadlines == null ? found : deadlines.bound(found);
                }
            }
        } catch (RuntimeException e) {
            // the contract: a cache failure is a miss, never a failed request
            found = CompletableFuture.completedFuture(Optional.empty());
        }
        return found.thenApply(answer -> counted(key, answer));
    }

    /** The nearest answer of the partition, read from the grid; empty when none is near enough or it is gone. */
    private CompletionStage<Optional<ChatResponse>> answer(SemanticPrompt prompt, float[] vector) {
        String nearest = vector == null ? null : index.nearest(prompt.partition(), vector, settings.threshold());
        if (nearest == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return entries.getAsync(nearest).thenApply(stored -> {
            ChatResponse answer = stored == null ? null : SemanticEntry.answer(stored);
            if (answer == null) {
                index.remove(nearest); // expired, evicted or cleared elsewhere before its event arrived
            }
            return Optional.ofNullable(answer);
        });
    }

    private Optional<ChatResponse> counted(CacheKey key, Optional<ChatResponse> answer) {
        if (answer.isEmpty()) {
            misses.increment();
            return answer;
        }
        // no put follows a hit: its embedding is not needed any more
        synchronized (pending) {
            pending.remove(key.partitionedKey());
        }
        hits.increment();
        return answer;
    }

    @Override
    public void put(CacheKey key, ChatResponse response) {
        if (response == null) {
            return;
        }
        try {
            SemanticPrompt prompt = prompt(key);
            if (prompt == null) {
                return;
            }
            byte[] json = ResponseJson.write(response);
            if (json.length > settings.maxEntryBytes()) {
                tooLarge.increment();
                return;
            }
            String exactKey = key.partitionedKey();
            Duration life = key.ttl() != null && !key.ttl().isNegative() && !key.ttl().isZero()
                    && (settings.ttl().isZero() || key.ttl().compareTo(settings.ttl()) < 0) ? key.ttl() : settings.ttl();
            // indexed when the vector arrives, on the thread that completes it: a put never waits
            embedding(key, prompt, false).thenAccept(vector -> {
                float[] unit = VectorIndex.unit(vector);
                if (unit == null) {
                    return;
                }
                index.put(prompt.partition(), exactKey, unit, exactKey, life.toNanos());
                entries.putAsync(exactKey, SemanticEntry.encode(prompt.partition(), life.toMillis(), unit, json),
                        life.isZero() ? null : life);
                puts.increment();
            });
        } catch (Exception e) {
            // not storing is always safe
            LOG.debug("Semantic cache store skipped", e);
        }
    }

    @Override
    public long clear(String tenant, String model) {
        if (index == null) {
            return 0;
        }
        long local = index.removeKeys(key -> CacheKey.matches(key, tenant, model));
        long shared;
        try {
            shared = entries.removeKeys(key -> CacheKey.matches(key, tenant, model));
        } catch (RuntimeException e) {
            LOG.warn("Semantic cache entries not cleared from the grid", e);
            shared = 0;
        }
        return Math.max(local, shared);
    }

    /** Size: the entries this node can match (its view of the shared index). */
    @Override
    public CacheStats stats() {
        long size = index == null ? 0 : index.size();
        long evictions = index == null ? 0 : index.evictions();
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), evictions, size);
    }

    /** Answers not stored because their JSON was over {@code max.entry.bytes}. */
    long tooLarge() {
        return tooLarge.sum();
    }

    /** The prompt of a request this cache serves, or null (cache off, model not listed, not text only). */
    private SemanticPrompt prompt(CacheKey key) {
        if (index == null || key == null || key.request() == null || !settings.serves(key.request().model())) {
            return null;
        }
        return SemanticPrompt.of(key, settings.maxPromptChars());
    }

    /**
     * The embedding of {@code prompt}: the one a lookup of the same request started, else a new one. A lookup
     * leaves it for the put; a put takes it. Kept by the request's exact key, so by tenant: one tenant's embedding
     * is never another's, not even as a timing difference.
     */
    private CompletableFuture<float[]> embedding(CacheKey key, SemanticPrompt prompt, boolean forLookup) {
        String exactKey = key.partitionedKey();
        CompletableFuture<float[]> started;
        synchronized (pending) {
            started = forLookup ? pending.get(exactKey) : pending.remove(exactKey);
        }
        if (started != null && !started.isCompletedExceptionally()) {
            return started;
        }
        CompletableFuture<float[]> embedding;
        try {
            embedding = embedder.embed(key.tenant(), settings.embeddingModel(), prompt.text()).toCompletableFuture();
        } catch (RuntimeException e) {
            embedding = CompletableFuture.failedFuture(e);
        }
        if (forLookup) {
            synchronized (pending) {
                pending.put(exactKey, embedding);
            }
        }
        return embedding;
    }
}
