package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ProviderException;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes a prepared list of chunks to one subscriber, then completes, or fails with {@code failure}.
 * The first signal comes after {@code firstDelayMillis}, each further chunk after {@code chunkDelayMillis};
 * with no delays everything is emitted on the calling thread, without a thread hop. Honours demand and
 * cancellation; signals are serialized by the usual work-in-progress counter, so a subscriber may call
 * {@code request} or {@code cancel} from inside {@code onNext}.
 */
final class MockStream implements Flow.Subscription, LatencyTimer.Waiting {

    private final Flow.Subscriber<? super ChatChunk> subscriber;
    private final List<ChatChunk> chunks;
    private final ProviderException failure;
    private final LatencyTimer timer;
    private final long firstDelayMillis;
    private final long chunkDelayMillis;

    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean cancelled;
    /** Whether the simulated time for the next signal has passed. */
    private volatile boolean due;
    private volatile ProviderException aborted;
    private volatile IllegalArgumentException badDemand;
    private volatile ScheduledFuture<?> pendingTick;

    // only touched inside drain(), which the wip counter serializes
    private int next;
    private boolean done;

    MockStream(Flow.Subscriber<? super ChatChunk> subscriber, List<ChatChunk> chunks, ProviderException failure,
               LatencyTimer timer, long firstDelayMillis, long chunkDelayMillis) {
        this.subscriber = subscriber;
        this.chunks = chunks;
        this.failure = failure;
        this.timer = timer;
        this.firstDelayMillis = firstDelayMillis;
        this.chunkDelayMillis = chunkDelayMillis;
    }

    void start() {
        boolean timed = firstDelayMillis > 0 || (chunkDelayMillis > 0 && chunks.size() > 1);
        if (timed) {
            timer.track(this);
        }
        subscriber.onSubscribe(this);
        if (firstDelayMillis > 0) {
            waitFor(firstDelayMillis);
        } else {
            due = true;
            drain();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Reactive Streams rule 3.9
            badDemand = new IllegalArgumentException("non-positive subscription request: " + n);
        } else {
            demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        }
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        ScheduledFuture<?> tick = pendingTick;
        if (tick != null) {
            tick.cancel(false);
        }
        timer.untrack(this);
    }

    @Override
    public void abort(ProviderException reason) {
        aborted = reason;
        drain();
    }

    private void waitFor(long delayMillis) {
        due = false;
        ScheduledFuture<?> tick = timer.schedule(this::tick, delayMillis);
        if (tick == null) {
            abort(LatencyTimer.stoppedError());
        } else {
            pendingTick = tick;
        }
    }

    private void tick() {
        due = true;
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            emitWhilePossible();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void emitWhilePossible() {
        while (!done) {
            if (cancelled) {
                finish();
                return;
            }
            if (badDemand != null) {
                cancelled = true;
                finish();
                subscriber.onError(badDemand);
                return;
            }
            if (aborted != null) {
                finish();
                subscriber.onError(aborted);
                return;
            }
            if (!due) {
                return;
            }
            if (next == chunks.size()) {
                finish();
                if (failure != null) {
                    subscriber.onError(failure);
                } else {
                    subscriber.onComplete();
                }
                return;
            }
            if (demand.get() == 0) {
                return;
            }
            if (demand.get() != Long.MAX_VALUE) {
                demand.decrementAndGet();
            }
            ChatChunk chunk = chunks.get(next++);
            try {
                subscriber.onNext(chunk);
            } catch (RuntimeException e) {
                // Rule 2.13: a throwing subscriber is treated as having cancelled
                cancel();
                finish();
                return;
            }
            if (chunkDelayMillis > 0 && next < chunks.size() && !cancelled) {
                waitFor(chunkDelayMillis);
            }
        }
    }

    private void finish() {
        done = true;
        timer.untrack(this);
    }
}
