package dev.switchboard.support.provider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

/**
 * The {@link Flow.Subscription} side of a streaming call, written once for whatever the stream carries (chat
 * chunks: {@link ChunkStream}; a legacy completion's chunks, the Responses API's events, audio): a provider
 * only maps its events to pieces. The provider {@link #open()}s it, hands each piece to {@link #next}, and ends it
 * with {@link #complete()} or {@link #fail}; it tells the stream how to stop its upstream with {@link #onCancel}.
 * This class keeps the Reactive Streams rules:
 * <ul>
 *   <li>{@code onSubscribe} first, then {@code onNext} only within the subscriber's demand (pieces beyond it wait
 *       in a queue), then exactly one of {@code onComplete} or {@code onError}, never anything after;</li>
 *   <li>signals never overlap, whichever threads call {@link #next}, {@link #fail}, {@code request} and
 *       {@code cancel}, so a subscriber may request or cancel from inside {@code onNext};</li>
 *   <li>{@code cancel} runs the upstream's cancel action once and silences the stream; a non-positive
 *       {@code request} (rule 3.9) cancels the upstream and signals {@code onError(IllegalArgumentException)};
 *       a subscriber that throws from {@code onNext} (rule 2.13) is treated as having cancelled.</li>
 * </ul>
 * Threading: {@link #next} and {@link #complete} must come from one thread at a time (the upstream's event
 * order); {@link #fail}, {@code request} and {@code cancel} are safe from any thread. Cost: with the unbounded
 * demand the gateway asks for, a piece is handed on at once with one uncontended compare-and-set, no lock and
 * no allocation; the queue only exists for a subscriber that requests less.
 *
 * @param <T> what the stream carries
 */
public class PieceStream<T> implements Flow.Subscription {

    private static final VarHandle WIP;
    private static final VarHandle REQUESTED;
    private static final VarHandle TERMINAL;
    private static final VarHandle ON_CANCEL;
    private static final Object COMPLETE = new Object();
    private static final Runnable CANCELLED = () -> { };

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WIP = lookup.findVarHandle(PieceStream.class, "wip", int.class);
            REQUESTED = lookup.findVarHandle(PieceStream.class, "requested", long.class);
            TERMINAL = lookup.findVarHandle(PieceStream.class, "terminal", Object.class);
            ON_CANCEL = lookup.findVarHandle(PieceStream.class, "onCancel", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Flow.Subscriber<? super T> subscriber;

    /** Serializes signals: whoever raises it from 0 emits, everyone else leaves work for them. */
    private volatile int wip;
    private volatile long requested;
    /** {@code null}, {@link #COMPLETE} or the error to signal; set once. */
    private volatile Object terminal;
    /** The upstream's cancel action, or {@link #CANCELLED} once it ran. */
    private volatile Runnable onCancel;
    private volatile boolean cancelled;
    /** The terminal signal went out (or the stream was cancelled): nothing more reaches the subscriber. */
    private volatile boolean done;
    /** Chunks waiting for demand; created by the producer only when demand runs short. */
    private volatile Queue<T> queue;
    private volatile IllegalArgumentException badRequest;

    public PieceStream(Flow.Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber");
        }
        this.subscriber = subscriber;
    }

    /**
     * Calls {@code onSubscribe}. Returns {@code false} when the subscriber cancelled from inside it, so the
     * provider need not start its upstream call at all.
     */
    public boolean open() {
        subscriber.onSubscribe(this);
        return !cancelled && terminal == null;
    }

    /**
     * What stops the upstream call (abort the HTTP request, cancel a timer). Runs at once when the subscriber
     * has already cancelled; otherwise at most once, on the thread that cancels.
     */
    public void onCancel(Runnable action) {
        if (!ON_CANCEL.compareAndSet(this, (Runnable) null, action)) {
            // already cancelled before the upstream existed
            action.run();
        }
    }

    /**
     * Hands one chunk on (at once when there is demand, else after the next {@code request}). Returns
     * {@code false} once the stream has ended or been cancelled, so the producer can stop.
     */
    public boolean next(T chunk) {
        if (cancelled || terminal != null) {
            return false;
        }
        if (WIP.compareAndSet(this, 0, 1)) {
            Queue<T> waiting = queue;
            long demand = requested;
            if (demand != 0 && (waiting == null || waiting.isEmpty())) {
                if (demand != Long.MAX_VALUE) {
                    REQUESTED.getAndAdd(this, -1L);
                }
                deliver(chunk);
                int missed = (int) WIP.getAndAdd(this, -1) - 1;
                if (missed != 0) {
                    drainLoop(missed);
                }
                return !done;
            }
            queue().offer(chunk);
            drainLoop(1);
        } else {
            queue().offer(chunk);
            drain();
        }
        return !done && !cancelled;
    }

    /** Ends the stream normally once the chunks handed on so far are delivered. Later calls are ignored. */
    public void complete() {
        if (TERMINAL.compareAndSet(this, (Object) null, COMPLETE)) {
            drain();
        }
    }

    /**
     * Ends the stream with an error, ahead of chunks still waiting for demand (the answer is broken anyway).
     * Only the first terminal signal counts; safe from any thread.
     */
    public void fail(Throwable error) {
        if (TERMINAL.compareAndSet(this, (Object) null, error == null ? new NullPointerException("error") : error)) {
            drain();
        }
    }

    /** Whether the subscriber cancelled or the stream ended (or is ending): producing more is pointless. */
    public boolean isDone() {
        return cancelled || terminal != null;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            if (badRequest == null) {
                badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
            }
        } else {
            long current;
            long next;
            do {
                current = requested;
                if (current == Long.MAX_VALUE) {
                    break;
                }
                next = current + n;
                if (next < 0) {
                    next = Long.MAX_VALUE;
                }
            } while (!REQUESTED.compareAndSet(this, current, next));
        }
        drain();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            cancelUpstream();
            drain();
        }
    }

    private void cancelUpstream() {
        Runnable action = (Runnable) ON_CANCEL.getAndSet(this, CANCELLED);
        if (action != null && action != CANCELLED) {
            action.run();
        }
    }

    private Queue<T> queue() {
        Queue<T> waiting = queue;
        if (waiting == null) {
            waiting = new ConcurrentLinkedQueue<>();
            queue = waiting;
        }
        return waiting;
    }

    private void drain() {
        if ((int) WIP.getAndAdd(this, 1) == 0) {
            drainLoop(1);
        }
    }

    private void drainLoop(int missed) {
        for (;;) {
            emitWhilePossible();
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
            if (missed == 0) {
                return;
            }
        }
    }

    private void emitWhilePossible() {
        while (!done) {
            if (cancelled) {
                done = true;
                Queue<T> waiting = queue;
                if (waiting != null) {
                    waiting.clear();
                }
                return;
            }
            if (badRequest != null) {
                cancelled = true;
                done = true;
                cancelUpstream();
                subscriber.onError(badRequest);
                return;
            }
            Object end = terminal;
            if (end != null && end != COMPLETE) {
                done = true;
                subscriber.onError((Throwable) end);
                return;
            }
            Queue<T> waiting = queue;
            T chunk = waiting == null ? null : waiting.peek();
            if (chunk == null) {
                if (end == COMPLETE) {
                    done = true;
                    subscriber.onComplete();
                }
                return;
            }
            long demand = requested;
            if (demand == 0) {
                return;
            }
            waiting.poll();
            if (demand != Long.MAX_VALUE) {
                REQUESTED.getAndAdd(this, -1L);
            }
            deliver(chunk);
        }
    }

    private void deliver(T chunk) {
        try {
            subscriber.onNext(chunk);
        } catch (RuntimeException e) {
            // rule 2.13: a subscriber that throws is treated as having cancelled
            cancelled = true;
            done = true;
            cancelUpstream();
        }
    }
}
