package dev.switchboard.support.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * The shared deadline sweep: open calls expire within one period of their deadline, completed ones never, and it
 * schedules no sweep while nothing is pending (the scheduler and the clock are the test's, so sweeps are counted).
 */
public class DeadlineSweepTest {

    private static final long PERIOD = 10;

    private final AtomicLong now = new AtomicLong(1_000);
    /** Sweeps scheduled and not yet run, each with its delay. */
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Runnable> onCompletionThreads = new ArrayList<>();
    private final DeadlineSweep sweep = new DeadlineSweep((task, delay) -> scheduled.add(new Scheduled(task, delay)),
            PERIOD, onCompletionThreads::add, now::get);
    private int sweepsRun;

    @Test
    public void anOpenCallExpiresWithItsFallbackNoEarlierThanItsDeadlineAndAtMostOnePeriodAfter() {
        CompletableFuture<String> call = new CompletableFuture<>();
        sweep.watch(call, 55, "fallback");
        long deadline = now.get() + 55;

        for (int i = 0; i < 20 && !call.isDone(); i++) {
            runNextSweep();
            assertThat(call.isDone() && now.get() < deadline).as("expired before its deadline").isFalse();
        }

        assertThat(call).isCompletedWithValue("fallback");
        assertThat(now.get()).isBetween(deadline, deadline + PERIOD);
    }

    @Test
    public void anExpiredCallCompletesOnTheCompletionExecutorNotTheSweepingThread() {
        CompletableFuture<String> call = new CompletableFuture<>();
        sweep.watch(call, 5, "fallback");
        now.addAndGet(5);

        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(call).isNotDone();
        onCompletionThreads.forEach(Runnable::run);
        assertThat(call).isCompletedWithValue("fallback");
    }

    @Test
    public void aCallCompletedInTimeIsNeverExpired() {
        CompletableFuture<String> call = new CompletableFuture<>();
        sweep.watch(call, 50, "fallback");
        call.complete("answer");

        now.addAndGet(500);
        assertThat(sweep.sweep()).isZero();
        assertThat(onCompletionThreads).isEmpty();
        assertThat(call).isCompletedWithValue("answer");
        assertThat(sweep.queued()).isZero();
    }

    @Test
    public void callsOfDifferentTimeoutsExpireEachAtItsOwnDeadline() {
        CompletableFuture<String> longer = new CompletableFuture<>();
        CompletableFuture<String> shorter = new CompletableFuture<>();
        sweep.watch(longer, 500, "late");
        sweep.watch(shorter, 50, "soon");

        now.addAndGet(60);
        sweep.sweep();
        onCompletionThreads.forEach(Runnable::run);

        assertThat(shorter).isCompletedWithValue("soon");
        assertThat(longer).isNotDone();
    }

    @Test
    public void noSweepIsScheduledBeforeTheFirstCall() {
        assertThat(scheduled).isEmpty();
        assertThat(sweep.awake()).isFalse();
    }

    @Test
    public void aCallCompleteAtOnceWakesNothing() {
        sweep.watch(CompletableFuture.completedFuture("near"), 50, "fallback");

        assertThat(scheduled).isEmpty();
        assertThat(sweep.queued()).isZero();
    }

    @Test
    public void manyCallsScheduleOneSweepNotOneEach() {
        for (int i = 0; i < 100; i++) {
            sweep.watch(new CompletableFuture<>(), 50, "fallback");
        }

        assertThat(scheduled).hasSize(1);
        assertThat(scheduled.get(0).delay).isEqualTo(PERIOD);
    }

    @Test
    public void theSweepSleepsOnceNothingIsPendingAndWakesForTheNextCall() {
        CompletableFuture<String> answered = new CompletableFuture<>();
        sweep.watch(answered, 50, "fallback");
        CompletableFuture<String> expiring = new CompletableFuture<>();
        sweep.watch(expiring, 30, "fallback");
        answered.complete("answer");

        for (int i = 0; i < 100 && !scheduled.isEmpty(); i++) {
            runNextSweep();
        }

        assertThat(expiring).isCompletedWithValue("fallback");
        assertThat(scheduled).as("no sweep scheduled while idle").isEmpty();
        assertThat(sweep.awake()).isFalse();
        // the answered call was dropped by the first sweep; the expiring one kept it going for 3 periods
        assertThat(sweepsRun).isEqualTo(3);

        now.addAndGet(60_000);
        sweep.watch(new CompletableFuture<>(), 50, "fallback");
        assertThat(scheduled).hasSize(1);
    }

    @Test
    public void closingCompletesOpenCallsWithTheirFallbackAndSchedulesNoMoreSweeps() {
        CompletableFuture<String> call = new CompletableFuture<>();
        sweep.watch(call, 30_000, "fallback");

        sweep.close();
        runNextSweep();

        assertThat(call).isCompletedWithValue("fallback");
        assertThat(scheduled).isEmpty();
    }

    /** Calls watched while sweeps fall asleep and wake (real threads): none is left without a sweep. */
    @Test
    public void noCallIsStrandedWhileTheSweepFallsAsleepAndWakes() throws Exception {
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(1);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        DeadlineSweep real = new DeadlineSweep(DeadlineSweep.Scheduler.on(threads), TimeUnit.MILLISECONDS.toNanos(1),
                Runnable::run, System::nanoTime);
        try {
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                calls.add(new CompletableFuture<>());
            }
            List<CompletableFuture<?>> watched = new ArrayList<>();
            for (int caller = 0; caller < 3; caller++) {
                int first = caller * 100;
                watched.add(CompletableFuture.runAsync(() -> {
                    for (int i = first; i < first + 100; i++) {
                        real.watch(calls.get(i), TimeUnit.MICROSECONDS.toNanos(i % 7 * 100), "fallback");
                        if (i % 10 == 0) {
                            Thread.yield();
                        }
                    }
                }, callers));
            }
            CompletableFuture.allOf(watched.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(calls).allSatisfy(call -> assertThat(call).isCompletedWithValue("fallback"));
        } finally {
            real.close();
            callers.shutdownNow();
            threads.shutdownNow();
        }
    }

    /** Runs the earliest scheduled sweep, the clock moved on by its delay. */
    private void runNextSweep() {
        if (scheduled.isEmpty()) {
            return;
        }
        Scheduled next = scheduled.remove(0);
        now.addAndGet(next.delay);
        sweepsRun++;
        next.task.run();
        onCompletionThreads.forEach(Runnable::run);
        onCompletionThreads.clear();
    }

    private record Scheduled(Runnable task, long delay) {
    }
}
