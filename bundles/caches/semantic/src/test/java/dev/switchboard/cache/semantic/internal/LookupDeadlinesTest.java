package dev.switchboard.cache.semantic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** The lookup timeout's sweep runs on the cache's threads only while a lookup is pending. */
public class LookupDeadlinesTest {

    private LookupDeadlines deadlines;

    @After
    public void close() {
        if (deadlines != null) {
            deadlines.close();
        }
    }

    @Test
    public void anIdleCacheSchedulesNoSweep() {
        deadlines = new LookupDeadlines(TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(deadlines.scheduledSweeps()).isZero();
    }

    @Test
    public void theSweepStopsOnceTheLastLookupIsAnswered() throws Exception {
        deadlines = new LookupDeadlines(TimeUnit.MILLISECONDS.toNanos(50));
        CompletableFuture<Optional<ChatResponse>> lookup = new CompletableFuture<>();

        deadlines.bound(lookup);
        assertThat(deadlines.scheduledSweeps()).isEqualTo(1);
        lookup.complete(Optional.empty());

        for (int i = 0; i < 1_000 && deadlines.scheduledSweeps() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(deadlines.scheduledSweeps()).isZero();
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    public void anOpenLookupEndsAsAMiss() throws Exception {
        deadlines = new LookupDeadlines(TimeUnit.MILLISECONDS.toNanos(5));
        CompletableFuture<Optional<ChatResponse>> lookup = new CompletableFuture<>();

        deadlines.bound(lookup);

        assertThat(lookup.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    public void theSweepKeepsTheTimeoutToWithinAFifthBetweenOneAndTenMilliseconds() {
        assertThat(LookupDeadlines.sweepPeriodNanos(TimeUnit.MILLISECONDS.toNanos(50)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(LookupDeadlines.sweepPeriodNanos(TimeUnit.MILLISECONDS.toNanos(20)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(4));
        assertThat(LookupDeadlines.sweepPeriodNanos(TimeUnit.MILLISECONDS.toNanos(2)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(LookupDeadlines.sweepPeriodNanos(TimeUnit.SECONDS.toNanos(5)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
    }
}
