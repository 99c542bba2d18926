package dev.switchboard.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * Collects what a stream of any item type hands on (audio pieces, completion chunks, Responses events), requesting
 * everything, and how it ended: {@link #done()} completes with the stream or with its error. For chat chunks and the
 * stream contract's rules see {@link RecordingSubscriber}.
 */
public final class CollectingSubscriber<T> implements Flow.Subscriber<T> {

    private final List<T> items = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** What arrived so far, in order. */
    public List<T> items() {
        return items;
    }

    /** Completes when the stream does; fails with its error. */
    public CompletableFuture<Void> done() {
        return done;
    }
}
