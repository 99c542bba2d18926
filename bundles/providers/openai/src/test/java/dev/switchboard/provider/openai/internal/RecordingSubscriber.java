package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.ChatChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Records what a stream delivers; can cancel after a number of chunks. */
class RecordingSubscriber implements Flow.Subscriber<ChatChunk> {

    final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger signalsAfterCancel = new AtomicInteger();
    final CountDownLatch ended = new CountDownLatch(1);
    final CountDownLatch firstChunk = new CountDownLatch(1);
    private final int cancelAfter;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    RecordingSubscriber() {
        this(-1);
    }

    RecordingSubscriber(int cancelAfter) {
        this.cancelAfter = cancelAfter;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ChatChunk chunk) {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
            return;
        }
        chunks.add(chunk);
        firstChunk.countDown();
        if (chunks.size() == cancelAfter) {
            cancel();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
        }
        error.set(throwable);
        ended.countDown();
    }

    @Override
    public void onComplete() {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
        }
        completions.incrementAndGet();
        ended.countDown();
    }

    void cancel() {
        cancelled = true;
        subscription.cancel();
    }

    boolean awaitEnd() throws InterruptedException {
        return ended.await(5, TimeUnit.SECONDS);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        for (ChatChunk chunk : chunks) {
            if (chunk.content() != null) {
                text.append(chunk.content());
            }
        }
        return text.toString();
    }
}
