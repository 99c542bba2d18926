package dev.switchboard.cache.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class ExpiringLruMapTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    public void evictsLeastRecentlyUsedBeyondTheBound() {
        ExpiringLruMap<String> map = new ExpiringLruMap<>(2, 0, now::get);
        map.put("a", "A");
        map.put("b", "B");
        map.get("a");
        map.put("c", "C");

        assertThat(map.get("a")).isEqualTo("A");
        assertThat(map.get("b")).isNull();
        assertThat(map.get("c")).isEqualTo("C");
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.evictions()).isEqualTo(1);
    }

    @Test
    public void expiresEntriesTheirTtlAfterTheWrite() {
        ExpiringLruMap<String> map = new ExpiringLruMap<>(10, 100, now::get);
        map.put("a", "A");

        now.addAndGet(99);
        assertThat(map.get("a")).isEqualTo("A");
        now.addAndGet(1);
        assertThat(map.get("a")).isNull();
        assertThat(map.size()).isZero();
        assertThat(map.evictions()).isEqualTo(1);
    }

    @Test
    public void rewritingAnEntryRestartsItsTtl() {
        ExpiringLruMap<String> map = new ExpiringLruMap<>(10, 100, now::get);
        map.put("a", "A");
        now.addAndGet(60);
        map.put("a", "A2");
        now.addAndGet(60);

        assertThat(map.get("a")).isEqualTo("A2");
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    public void readsDoNotExtendTheTtl() {
        ExpiringLruMap<String> map = new ExpiringLruMap<>(10, 100, now::get);
        map.put("a", "A");
        now.addAndGet(60);
        map.get("a");
        now.addAndGet(60);

        assertThat(map.get("a")).isNull();
    }

    @Test
    public void zeroTtlMeansNoExpiry() {
        ExpiringLruMap<String> map = new ExpiringLruMap<>(10, 0, now::get);
        map.put("a", "A");
        now.addAndGet(Long.MAX_VALUE / 2);

        assertThat(map.get("a")).isEqualTo("A");
    }

    @Test
    public void largeMapsAreSegmentedAndKeepTheirBound() {
        ExpiringLruMap<Integer> map = new ExpiringLruMap<>(10_000, 0, now::get);
        assertThat(map.segments()).isEqualTo(16);
        for (int i = 0; i < 25_000; i++) {
            map.put("key-" + i, i);
        }

        assertThat(map.size()).isLessThanOrEqualTo(10_000);
        assertThat(map.size() + map.evictions()).isEqualTo(25_000);
        assertThat(new ExpiringLruMap<Integer>(10, 0, now::get).segments()).isEqualTo(1);
    }

    @Test
    public void rejectsAnEmptyBound() {
        assertThatThrownBy(() -> new ExpiringLruMap<String>(0, 0, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void staysConsistentUnderConcurrentUse() throws Exception {
        ExpiringLruMap<Integer> map = new ExpiringLruMap<>(1_000, 0, System::nanoTime);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int offset = t;
                pool.execute(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String key = "k" + ((i * 7 + offset) % 3_000);
                        Integer seen = map.get(key);
                        if (seen != null && !key.equals("k" + seen)) {
                            throw new AssertionError("wrong value for " + key);
                        }
                        map.put(key, (i * 7 + offset) % 3_000);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(map.size()).isLessThanOrEqualTo(1_000);
    }
}
