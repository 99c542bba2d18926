package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class GridCountersTest {

    private static EmbeddedGridMember member;
    private static GridCounters counters;

    @BeforeClass
    public static void startMember() throws Exception {
        member = TestGrid.start(TestGrid.lone(TestGrid.uniqueClusterName(), TestGrid.freePort()));
        counters = new GridCounters(member.hazelcast(), member.callbackExecutor());
    }

    @AfterClass
    public static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    public void addsAndReads() {
        assertThat(counters.get("adds")).isZero();
        assertThat(counters.addAndGet("adds", 1, Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(counters.addAndGet("adds", 41, Duration.ofMinutes(1))).isEqualTo(42);
        assertThat(counters.addAndGet("adds", -2, Duration.ofMinutes(1))).isEqualTo(40);
        assertThat(counters.get("adds")).isEqualTo(40);
    }

    @Test
    public void noExpiryWhenNoDurationGiven() {
        assertThat(counters.addAndGet("forever", 3, null)).isEqualTo(3);
        assertThat(counters.addAndGet("forever", 3, Duration.ZERO)).isEqualTo(6);
    }

    @Test
    public void counterDisappearsWhenNotTouchedForItsTtl() throws Exception {
        counters.addAndGet("short", 5, Duration.ofSeconds(1));
        assertThat(counters.get("short")).isEqualTo(5);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counters.get("short") != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(counters.get("short")).isZero();
        assertThat(counters.addAndGet("short", 1, Duration.ofSeconds(1))).isEqualTo(1);
    }

    @Test
    public void addingRestartsTheTtl() throws Exception {
        // longer in total than the TTL, but never longer than the TTL between two adds
        for (int i = 0; i < 8; i++) {
            counters.addAndGet("kept", 1, Duration.ofSeconds(2));
            Thread.sleep(400);
        }
        assertThat(counters.get("kept")).isEqualTo(8);
    }

    @Test
    public void ttlIsRoundedUpToWholeSeconds() {
        assertThat(GridCounters.ttlSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(GridCounters.ttlSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(GridCounters.ttlSeconds(Duration.ofMinutes(1))).isEqualTo(60);
        assertThat(GridCounters.ttlSeconds(Duration.ZERO)).isZero();
        assertThat(GridCounters.ttlSeconds(null)).isZero();
    }

    @Test
    public void concurrentAddsAreNotLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        counters.addAndGet("concurrent", 1, Duration.ofMinutes(1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counters.get("concurrent")).isEqualTo(1000);
    }
}
