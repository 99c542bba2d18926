package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.embeddings.Embedder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The semantic level: a prompt is answered with the answer of an earlier prompt of the same tenant scope, model and
 * parameters whose embedding is at least {@code similarity.threshold} similar (cosine). Core asks it after the
 * exact-match levels. Vectors come from core's {@link Embedder} (the gateway's own pipeline, billed to the tenant).
 *
 * <p>{@link ResponseCache#get} is synchronous and runs on the request thread, but an embedding is an upstream call.
 * So a lookup starts the embedding and waits for it at most {@code lookup.timeout.ms} (parking the thread that
 * long at most); if it is not there by then the lookup is a miss and the request goes upstream. The started
 * embedding is kept (bounded, by the request's exact key) and the {@code put} of the fresh answer indexes it when it
 * arrives, without waiting: a put never blocks. Without its configuration file the component is not even
 * registered; with it, it is still off unless an embedding model and chat models are set.
 */
@Component(service = ResponseCache.class, configurationPid = SemanticCacheConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = ResponseCache.NAME_PROPERTY + "=" + SemanticCache.NAME)
@Designate(ocd = SemanticCacheConfig.class)
public final class SemanticCache implements ResponseCache {

    public static final String NAME = "semantic";

    /** Embeddings started by lookups, waiting for the put of the same request; few are pending at a time. */
    private static final int MAX_PENDING = 1_024;

    private final Embedder embedder;
    private final SemanticSettings settings;
    /** {@code null} when the configuration disables the cache. */
    private final VectorIndex<ChatResponse> index;
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

    @Activate
    public SemanticCache(@Reference Embedder embedder, SemanticCacheConfig config) {
        this(embedder, SemanticSettings.of(config), System::nanoTime);
    }

    SemanticCache(Embedder embedder, SemanticSettings settings, LongSupplier nanoClock) {
        this.embedder = embedder;
        this.settings = settings;
        this.index = settings.enabled()
                ? new VectorIndex<>(settings.maxEntries(), settings.ttl().toNanos(), nanoClock) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CacheLevel level() {
        return CacheLevel.SEMANTIC;
    }

    @Override
    public Optional<ChatResponse> get(CacheKey key) {
        ChatResponse found = null;
        try {
            SemanticPrompt prompt = prompt(key);
            if (prompt != null) {
                float[] vector = await(embedding(key, prompt, true));
                found = vector == null ? null : index.nearest(prompt.partition(), vector, settings.threshold());
            }
        } catch (RuntimeException e) {
            // the contract: a cache failure is a miss, never a failed request
            found = null;
        }
        if (found == null) {
            misses.increment();
            return Optional.empty();
        }
        // no put follows a hit: its embedding is not needed any more
        synchronized (pending) {
            pending.remove(key.partitionedKey());
        }
        hits.increment();
        return Optional.of(found);
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
            String exactKey = key.partitionedKey();
            long ttlNanos = key.ttl() == null ? 0 : key.ttl().toNanos();
            // indexed when the vector arrives, on the thread that completes it: a put never waits
            embedding(key, prompt, false).thenAccept(vector -> {
                index.put(prompt.partition(), exactKey, vector, response, ttlNanos);
                puts.increment();
            });
        } catch (RuntimeException e) {
            // not storing is always safe
        }
    }

    @Override
    public long clear(String tenant, String model) {
        return index == null ? 0 : index.removeKeys(key -> CacheKey.matches(key, tenant, model));
    }

    @Override
    public CacheStats stats() {
        long size = index == null ? 0 : index.size();
        long evictions = index == null ? 0 : index.evictions();
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), evictions, size);
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

    /** The vector if it is there within the lookup wait, else null (a miss). */
    private float[] await(CompletableFuture<float[]> embedding) {
        try {
            if (settings.lookupTimeout().isZero() || embedding.isDone()) {
                return embedding.getNow(null);
            }
            return embedding.get(settings.lookupTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        }
    }
}
