package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.testkit.ResponseCacheContractTest;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * The cache contract (switchboard-testkit's {@link ResponseCacheContractTest}: a get after a put hits, another
 * tenant or fingerprint misses, the bound holds, stats count, nulls are misses) plus this cache's own tests.
 */
public class ${pluginClass}CacheTest extends ResponseCacheContractTest {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    protected ResponseCache createCache() {
        return new ${pluginClass}Cache(4, Duration.ofMinutes(5), nanos::get);
    }

    @Override
    protected int capacity() {
        return 4;
    }

    // ---- this cache's own behaviour ----

    @Test
    public void namesItselfAndAnswersFromMemory() throws Exception {
        assertThat(cache().name()).isEqualTo("${pluginName}");
        assertThat(cache().level()).isEqualTo(CacheLevel.MEMORY);
    }

    @Test
    public void forgetsAnAnswerOnceItsTimeToLiveHasPassed() throws Exception {
        cache().put(key(SCOPE, "fp"), answer("x"));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(cache().get(key(SCOPE, "fp"))).isEmpty();
        assertThat(cache().stats().size()).isZero();
    }

    @Test
    public void evictsTheLeastRecentlyUsed() throws Exception {
        for (int i = 0; i < 4; i++) {
            cache().put(key(SCOPE, "fp-" + i), answer("a" + i));
        }
        cache().get(key(SCOPE, "fp-0"));

        cache().put(key(SCOPE, "fp-4"), answer("a4"));

        assertThat(cache().get(key(SCOPE, "fp-0"))).isPresent();
        assertThat(cache().get(key(SCOPE, "fp-1"))).isEmpty();
        assertThat(cache().stats().evictions()).isEqualTo(1);
    }

    @Test
    public void zeroEntriesDisablesIt() {
        ${pluginClass}Cache disabled = new ${pluginClass}Cache(0, Duration.ofMinutes(5), nanos::get);
        disabled.put(key(SCOPE, "fp"), answer("x"));

        assertThat(disabled.get(key(SCOPE, "fp"))).isEmpty();
    }

    @Test
    public void activatesFromItsConfiguration() {
        ${pluginClass}Cache configured = new ${pluginClass}Cache(new ${pluginClass}CacheConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ${pluginClass}CacheConfig.class;
            }

            @Override
            public int max_entries() {
                return 10;
            }

            @Override
            public long ttl_seconds() {
                return 60;
            }
        });
        configured.put(key(SCOPE, "fp"), answer("x"));

        assertThat(configured.get(key(SCOPE, "fp"))).isPresent();
    }
}
