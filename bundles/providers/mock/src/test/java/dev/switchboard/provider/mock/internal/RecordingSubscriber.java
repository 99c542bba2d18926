package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.ChatChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Records what a stream signals; requests everything unless told otherwise, may cancel after n chunks. */
final class RecordingSubscriber implements Flow.Subscriber<ChatChunk> {

    final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch terminated = new CountDownLatch(1);
    volatile Throwable error;
    volatile boolean completed;
    volatile Flow.Subscription subscription;
    private final long initialRequest;
    private final int cancelAfter;

    RecordingSubscriber() {
        this(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    RecordingSubscriber(long initialRequest, int cancelAfter) {
        this.initialRequest = initialRequest;
        this.cancelAfter = cancelAfter;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (initialRequest > 0) {
            subscription.request(initialRequest);
        }
    }

    @Override
    public void onNext(ChatChunk item) {
        threads.add(Thread.currentThread().getName());
        chunks.add(item);
        if (chunks.size() == cancelAfter) {
            subscription.cancel();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    boolean awaitTermination() throws InterruptedException {
        return terminated.await(10, TimeUnit.SECONDS);
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
