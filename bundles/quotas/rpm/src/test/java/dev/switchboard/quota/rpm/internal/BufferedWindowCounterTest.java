package dev.switchboard.quota.rpm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class BufferedWindowCounterTest {

    private final InMemorySharedCounters grid = new InMemorySharedCounters();
    private final AtomicLong nanos = new AtomicLong(1);

    private BufferedWindowCounter node() {
        return new BufferedWindowCounter(grid, 50, nanos::get);
    }

    private void later(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    public void countsExactlyOnOneNodeAndSyncsTheFirstRequestAndThenOncePerInterval() {
        BufferedWindowCounter node = node();
        for (int i = 1; i <= 10; i++) {
            assertThat(node.increment("k", 7)).isEqualTo(i);
        }
        assertThat(grid.get("rpm:k:7")).as("only the first request synced so far").isEqualTo(1);

        later(60);
        assertThat(node.increment("k", 7)).isEqualTo(11);
        assertThat(grid.get("rpm:k:7")).isEqualTo(11);
    }

    @Test
    public void aNodeLearnsWhatOthersCountedAtItsNextSync() {
        BufferedWindowCounter a = node();
        BufferedWindowCounter b = node();
        for (int i = 0; i < 5; i++) {
            a.increment("k", 1);
        }
        later(60);
        a.increment("k", 1);
        assertThat(grid.get("rpm:k:1")).isEqualTo(6);

        assertThat(b.increment("k", 1)).as("b's first request in the window syncs at once").isEqualTo(1);
        assertThat(b.increment("k", 1)).isEqualTo(8);
    }

    @Test
    public void aNewWindowStartsFromZero() {
        BufferedWindowCounter node = node();
        node.increment("k", 1);
        node.increment("k", 1);
        assertThat(node.increment("k", 2)).isEqualTo(1);
        assertThat(node.increment("k", 1)).as("a late request of the old window counts in the current one").isEqualTo(2);
    }

    @Test
    public void anUnreachableGridKeepsTheCountLocallyAndHandsItOverLater() {
        BufferedWindowCounter node = node();
        grid.down = true;
        assertThat(node.increment("k", 3)).isEqualTo(1);
        assertThat(node.increment("k", 3)).isEqualTo(2);
        later(60);
        assertThat(node.increment("k", 3)).isEqualTo(3);

        grid.down = false;
        later(60);
        assertThat(node.increment("k", 3)).isEqualTo(4);
        assertThat(grid.get("rpm:k:3")).isEqualTo(4);
    }

    @Test
    public void aCountWrittenLowInTheGridNeverLiftsWhatThisNodeCountedItself() {
        // anything that reaches the grid can write a counter; pretend it set this one far below zero
        grid.values.put("rpm:k:5", new AtomicLong(-1_000_000));
        BufferedWindowCounter node = node();
        for (int i = 1; i <= 10; i++) {
            later(60);
            assertThat(node.increment("k", 5)).isGreaterThanOrEqualTo(i);
        }
    }

    @Test
    public void aSharedCounterWrittenLowInTheGridNeverLiftsWhatThisNodeCountedItself() {
        grid.values.put("rpm:k:5", new AtomicLong(-1_000_000));
        SharedWindowCounter node = new SharedWindowCounter(grid);
        for (int i = 1; i <= 10; i++) {
            assertThat(node.increment("k", 5)).isGreaterThanOrEqualTo(i);
        }
        assertThat(node.increment("k", 6)).as("a new window starts from zero").isEqualTo(1);
    }
}
