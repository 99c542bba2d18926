package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.provider.ChunkStream;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * Pushes a prepared list of chunks to one subscriber, then completes, or fails with {@code failure}.
 * The first signal comes after {@code firstDelayMillis}, each further chunk after {@code chunkDelayMillis};
 * with no delays everything is emitted on the calling thread, without a thread hop. The subscription rules
 * (demand, cancel, one terminal signal) are {@link ChunkStream}'s: this class only paces the chunks.
 */
final class MockStream implements LatencyTimer.Waiting {

    private final ChunkStream out;
    private final List<ChatChunk> chunks;
    private final ProviderException failure;
    private final LatencyTimer timer;
    private final long firstDelayMillis;
    private final long chunkDelayMillis;
    private volatile ScheduledFuture<?> pendingTick;
    /** Only touched by emit(), which runs on one thread at a time: the caller's, then one tick after another. */
    private int next;

    MockStream(Flow.Subscriber<? super ChatChunk> subscriber, List<ChatChunk> chunks, ProviderException failure,
               LatencyTimer timer, long firstDelayMillis, long chunkDelayMillis) {
        this.out = new ChunkStream(subscriber);
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
        if (!out.open()) {
            timer.untrack(this);
            return;
        }
        out.onCancel(this::stopTicking);
        if (firstDelayMillis > 0) {
            waitFor(firstDelayMillis);
        } else {
            emit();
        }
    }

    @Override
    public void abort(ProviderException reason) {
        stopTicking();
        out.fail(reason);
    }

    private void waitFor(long delayMillis) {
        ScheduledFuture<?> tick = timer.schedule(this::emit, delayMillis);
        if (tick == null) {
            abort(LatencyTimer.stoppedError());
        } else {
            pendingTick = tick;
        }
    }

    /** Emits chunks until the next one is due later, or all are out. */
    private void emit() {
        while (next < chunks.size()) {
            if (!out.next(chunks.get(next++))) {
                stopTicking();
                return;
            }
            if (chunkDelayMillis > 0 && next < chunks.size()) {
                waitFor(chunkDelayMillis);
                return;
            }
        }
        timer.untrack(this);
        if (failure != null) {
            out.fail(failure);
        } else {
            out.complete();
        }
    }

    private void stopTicking() {
        ScheduledFuture<?> tick = pendingTick;
        if (tick != null) {
            tick.cancel(false);
        }
        timer.untrack(this);
    }
}
