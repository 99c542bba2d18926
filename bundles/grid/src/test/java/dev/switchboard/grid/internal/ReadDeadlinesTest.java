package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.deadline.DeadlineSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The sweep that bounds async reads: expired ones complete with their fallback, on the given executor only. */
public class ReadDeadlinesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Runnable> onCallbackThreads = new ArrayList<>();
    private final ReadDeadlines deadlines = new ReadDeadlines(
            new DeadlineSweep((sweep, delay) -> { }, 5, onCallbackThreads::add, now::get));

    @Test
    public void aReadStillOpenAtItsDeadlineCompletesWithTheFallbackOnTheCompletionExecutor() {
        CompletableFuture<String> bounded = deadlines.bound(new CompletableFuture<>(), 50, "absent");

        now.addAndGet(49);
        assertThat(deadlines.sweep()).isZero();
        assertThat(bounded).isNotDone();

        now.addAndGet(1);
        assertThat(deadlines.sweep()).isEqualTo(1);
        assertThat(bounded).as("not completed on the sweeping thread").isNotDone();
        onCallbackThreads.forEach(Runnable::run);
        assertThat(bounded).isCompletedWithValue("absent");
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    public void aReadAnsweredInTimeKeepsItsValueAndCostsTheSweepNothing() {
        CompletableFuture<String> read = new CompletableFuture<>();
        CompletableFuture<String> bounded = deadlines.bound(read, 50, "absent");
        read.complete("entry");

        now.addAndGet(100);
        assertThat(deadlines.sweep()).isZero();
        assertThat(onCallbackThreads).isEmpty();
        assertThat(bounded).isCompletedWithValue("entry");
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    public void aReadCompleteAtOnceIsReturnedAsItIsAndNeverQueued() {
        CompletableFuture<String> read = CompletableFuture.completedFuture("near");

        assertThat(deadlines.bound(read, 50, "absent")).isSameAs(read);
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    public void aFailedReadCompletesWithTheFallback() {
        CompletableFuture<String> read = new CompletableFuture<>();
        CompletableFuture<String> bounded = deadlines.bound(read, 50, "absent");
        read.completeExceptionally(new IllegalStateException("member gone"));

        assertThat(bounded).isCompletedWithValue("absent");
    }

    @Test
    public void readsOfDifferentTimeoutsExpireEachAtItsOwnDeadline() {
        CompletableFuture<String> longer = deadlines.bound(new CompletableFuture<>(), 500, "late");
        CompletableFuture<String> shorter = deadlines.bound(new CompletableFuture<>(), 50, "soon");

        now.addAndGet(60);
        deadlines.sweep();
        onCallbackThreads.forEach(Runnable::run);

        assertThat(shorter).isCompletedWithValue("soon");
        assertThat(longer).isNotDone();
    }
}
