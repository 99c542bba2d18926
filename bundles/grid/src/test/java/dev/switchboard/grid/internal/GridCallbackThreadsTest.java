package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Continuations of async grid calls run on the grid's own callback threads. Hazelcast's default async executor
 * starts a new thread per callback when the common pool has parallelism 1 (2 cores), and uses the common pool
 * otherwise: either way the names below fail, and on 2 cores the thread count too.
 */
public class GridCallbackThreadsTest {

    private static final int CALLS = 300;
    /** The callback pool's threads start during the warm-up; this leaves room for Hazelcast's own, not one per call. */
    private static final long MORE_THREADS_AT_MOST = 16;

    private static EmbeddedGridMember member;
    private static GridCounters counters;

    @BeforeClass
    public static void startMember() throws Exception {
        member = TestGrid.start(TestGrid.lone(TestGrid.uniqueClusterName(), TestGrid.freePort()));
        counters = new GridCounters(member);
    }

    @AfterClass
    public static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test(timeout = 120_000)
    public void asyncCounterCallbacksRunOnTheGridsThreadsAndStartNoThreadPerCall() throws Exception {
        for (int i = 0; i < 20; i++) {
            counters.addAndGetAsync("warm-up", 1, Duration.ofMinutes(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        Set<String> ranOn = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CALLS);

        for (int i = 0; i < CALLS; i++) {
            counters.addAndGetAsync("callbacks-" + (i % 8), 1, Duration.ofMinutes(1)).whenComplete((total, failure) -> {
                ranOn.add(Thread.currentThread().getName());
                if (failure != null) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }

        assertThat(done.await(60, TimeUnit.SECONDS)).as("every callback ran").isTrue();
        long started = threads.getTotalStartedThreadCount() - startedBefore;
        assertThat(failed).hasValue(0);
        // a stage that is already complete runs its callback on the caller, which starts no thread either
        ranOn.remove(Thread.currentThread().getName());
        assertThat(ranOn).isNotEmpty().allMatch(name -> name.startsWith(GridCallbackPool.THREAD_PREFIX));
        assertThat(started).as("threads started for %d async calls", CALLS).isLessThan(MORE_THREADS_AT_MOST);
        long total = 0;
        for (int k = 0; k < 8; k++) {
            total += counters.get("callbacks-" + k);
        }
        assertThat(total).isEqualTo(CALLS);
    }

    @Test(timeout = 120_000)
    public void theCallbackThreadsStopWithTheMember() throws Exception {
        EmbeddedGridMember other = TestGrid.start(TestGrid.lone(TestGrid.uniqueClusterName(), TestGrid.freePort()));
        GridCallbackPool pool = (GridCallbackPool) other.callbackExecutor();
        try {
            new GridCounters(other).addAndGetAsync("one", 1, null).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdown();
        }
        assertThat(pool.awaitStopped(30_000)).isTrue();
    }
}
