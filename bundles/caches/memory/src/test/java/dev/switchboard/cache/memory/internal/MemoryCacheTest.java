package dev.switchboard.cache.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.testkit.ResponseCacheContractTest;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The cache contract (switchboard-testkit) on a two-entry cache, then the memory cache's own behaviour. */
public class MemoryCacheTest extends ResponseCacheContractTest {

    private final AtomicLong now = new AtomicLong();
    private final MemoryCache cache = new MemoryCache(2, Duration.ofSeconds(300), now::get);

    @Override
    protected ResponseCache createCache() {
        return cache;
    }

    @Override
    protected int capacity() {
        return 2;
    }

    @Test
    public void declaresNameAndLevel() {
        assertThat(cache.name()).isEqualTo("memory");
        assertThat(cache.level()).isEqualTo(CacheLevel.MEMORY);
    }

    @Test
    public void answersAnExactMatchAndCountsHitsAndMisses() {
        ChatResponse answer = response("hello");
        cache.put(key("t1", "fp1"), answer);

        assertThat(cache.get(key("t1", "fp1"))).containsSame(answer);
        assertThat(cache.get(key("t1", "fp2"))).isEmpty();

        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 1, 0, 1));
    }

    @Test
    public void expiresAfterTheTtl() {
        cache.put(key("t", "fp"), response("x"));
        now.addAndGet(Duration.ofSeconds(300).toNanos());

        assertThat(cache.get(key("t", "fp"))).isEmpty();
        assertThat(cache.stats().evictions()).isEqualTo(1);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    public void evictsBeyondMaxEntries() {
        cache.put(key("t", "1"), response("1"));
        cache.put(key("t", "2"), response("2"));
        cache.put(key("t", "3"), response("3"));

        CacheStats stats = cache.stats();
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.evictions()).isEqualTo(1);
        assertThat(stats.puts()).isEqualTo(3);
        assertThat(cache.get(key("t", "1"))).isEmpty();
    }

    @Test
    public void zeroMaxEntriesDisablesTheCache() {
        MemoryCache disabled = new MemoryCache(0, Duration.ofSeconds(300), now::get);
        disabled.put(key("t", "fp"), response("x"));

        assertThat(disabled.get(key("t", "fp"))).isEmpty();
        assertThat(disabled.stats()).isEqualTo(new CacheStats(0, 1, 0, 0, 0));
    }

    @Test
    public void neverThrows() {
        AtomicLong failing = new AtomicLong();
        MemoryCache fragile = new MemoryCache(2, Duration.ofSeconds(300), () -> {
            if (failing.get() > 0) {
                throw new IllegalStateException("clock broke");
            }
            return 0L;
        });
        fragile.put(key("t", "fp"), response("x"));
        failing.set(1);

        fragile.put(key("t", "other"), response("y"));
        fragile.put(null, response("x"));
        fragile.put(key("t", "fp"), null);

        assertThat(fragile.get(key("t", "fp"))).isEmpty();
        assertThat(fragile.get(null)).isEmpty();
        assertThat(fragile.stats().puts()).isEqualTo(1);
        assertThat(fragile.stats().misses()).isEqualTo(2);
    }

    @Test
    public void activatesFromItsConfiguration() {
        MemoryCache configured = new MemoryCache(config(60, 5));
        configured.put(key("t", "fp"), response("x"));

        assertThat(configured.get(key("t", "fp"))).isPresent();
    }

    private static MemoryCacheConfig config(long ttlSeconds, int maxEntries) {
        return new MemoryCacheConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryCacheConfig.class;
            }

            @Override
            public long ttl_seconds() {
                return ttlSeconds;
            }

            @Override
            public int max_entries() {
                return maxEntries;
            }
        };
    }

    private static ChatResponse response(String text) {
        return new ChatResponse("chatcmpl-1", "mock-echo", 0,
                List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, text), "stop")), new Usage(1, 1));
    }
}
