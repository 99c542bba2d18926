package dev.switchboard.testkit;

import dev.switchboard.api.chat.ChatChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a stream signals, for provider tests: the chunks in order and on which threads, the terminal
 * signal, and every rule broken on the way (a second terminal signal, signals after the terminal one or after
 * cancelling). Requests everything unless told otherwise; may cancel after n chunks.
 */
public class RecordingSubscriber implements Flow.Subscriber<ChatChunk> {

    /** How long {@link #awaitTermination()} waits: a bound, not a speed requirement. */
    public static final long WAIT_SECONDS = 10;

    private final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final CountDownLatch firstChunk = new CountDownLatch(1);
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger terminals = new AtomicInteger();
    private final AtomicInteger subscribes = new AtomicInteger();
    private final AtomicInteger signalsAfterTerminal = new AtomicInteger();
    private final AtomicInteger signalsAfterCancel = new AtomicInteger();
    private final long initialRequest;
    private final int cancelAfter;
    private volatile Throwable error;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /** Requests everything, never cancels. */
    public RecordingSubscriber() {
        this(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Requests {@code initialRequest} in {@code onSubscribe} (none when 0) and cancels after {@code cancelAfter} chunks. */
    public RecordingSubscriber(long initialRequest, int cancelAfter) {
        this.initialRequest = initialRequest;
        this.cancelAfter = cancelAfter;
    }

    /** Requests everything and cancels once it holds {@code chunks} chunks. */
    public static RecordingSubscriber cancellingAfter(int chunks) {
        return new RecordingSubscriber(Long.MAX_VALUE, chunks);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscribes.incrementAndGet();
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(ChatChunk chunk) {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
            return;
        }
        if (terminals.get() > 0) {
            signalsAfterTerminal.incrementAndGet();
        }
        threads.add(Thread.currentThread().getName());
        chunks.add(chunk);
        firstChunk.countDown();
        if (chunks.size() == cancelAfter) {
            cancel();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        terminal();
        error = throwable;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        terminal();
        completions.incrementAndGet();
        terminated.countDown();
    }

    private void terminal() {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
        }
        if (terminals.getAndIncrement() > 0) {
            signalsAfterTerminal.incrementAndGet();
        }
    }

    /** Cancels the subscription (from any thread, or from inside {@code onNext}). */
    public void cancel() {
        cancelled = true;
        subscription.cancel();
    }

    public boolean awaitTermination() throws InterruptedException {
        return terminated.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    public boolean awaitFirstChunk() throws InterruptedException {
        return firstChunk.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    public List<ChatChunk> chunks() {
        return chunks;
    }

    /** The thread names {@code onNext} ran on, in order. */
    public List<String> threads() {
        return threads;
    }

    public Throwable error() {
        return error;
    }

    public boolean completed() {
        return completions.get() > 0;
    }

    public int completions() {
        return completions.get();
    }

    /** How many terminal signals arrived: the contract allows exactly one. */
    public int terminals() {
        return terminals.get();
    }

    public int subscribes() {
        return subscribes.get();
    }

    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    public int signalsAfterTerminal() {
        return signalsAfterTerminal.get();
    }

    public int signalsAfterCancel() {
        return signalsAfterCancel.get();
    }

    public Flow.Subscription subscription() {
        return subscription;
    }

    /** The content of all chunks, concatenated. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ChatChunk chunk : chunks) {
            if (chunk.content() != null) {
                text.append(chunk.content());
            }
        }
        return text.toString();
    }
}
