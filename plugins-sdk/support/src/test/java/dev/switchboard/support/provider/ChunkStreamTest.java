package dev.switchboard.support.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class ChunkStreamTest {

    /** Records every signal in order, as text, and can act from inside a signal. */
    static class Log implements Flow.Subscriber<ChatChunk> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final long initial;
        volatile Flow.Subscription subscription;
        volatile Runnable onNextAction = () -> { };

        Log(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signals.add("subscribe");
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(ChatChunk item) {
            signals.add(item.content());
            onNextAction.run();
        }

        @Override
        public void onError(Throwable throwable) {
            signals.add("error:" + throwable.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    private static ChatChunk chunk(String text) {
        return ChatChunk.content("id", "m", text);
    }

    @Test
    public void handsChunksOnAtOnceWithUnboundedDemand() {
        Log log = new Log(Long.MAX_VALUE);
        ChunkStream stream = new ChunkStream(log);

        assertThat(stream.open()).isTrue();
        assertThat(stream.next(chunk("a"))).isTrue();
        assertThat(log.signals).containsExactly("subscribe", "a");
        stream.next(chunk("b"));
        stream.complete();

        assertThat(log.signals).containsExactly("subscribe", "a", "b", "complete");
        assertThat(stream.next(chunk("late"))).isFalse();
        stream.fail(new ProviderException(ErrorCode.INTERNAL, "late"));
        stream.complete();
        assertThat(log.signals).containsExactly("subscribe", "a", "b", "complete");
    }

    @Test
    public void holdsChunksAndCompletionUntilDemanded() {
        Log log = new Log(1);
        ChunkStream stream = new ChunkStream(log);
        stream.open();
        stream.next(chunk("a"));
        stream.next(chunk("b"));
        stream.next(chunk("c"));
        stream.complete();
        assertThat(log.signals).containsExactly("subscribe", "a");

        log.subscription.request(1);
        assertThat(log.signals).containsExactly("subscribe", "a", "b");
        log.subscription.request(5);
        assertThat(log.signals).containsExactly("subscribe", "a", "b", "c", "complete");
    }

    @Test
    public void anErrorGoesAheadOfChunksWaitingForDemand() {
        Log log = new Log(0);
        ChunkStream stream = new ChunkStream(log);
        stream.open();
        stream.next(chunk("a"));
        stream.fail(new ProviderException(ErrorCode.UNAVAILABLE, "reset"));

        assertThat(log.signals).containsExactly("subscribe", "error:ProviderException");
    }

    @Test
    public void cancelRunsTheUpstreamCancelOnceAndSilencesTheStream() {
        Log log = new Log(Long.MAX_VALUE);
        ChunkStream stream = new ChunkStream(log);
        AtomicInteger upstreamCancels = new AtomicInteger();
        stream.open();
        stream.onCancel(upstreamCancels::incrementAndGet);
        log.onNextAction = () -> log.subscription.cancel();

        assertThat(stream.next(chunk("a"))).isFalse();
        log.subscription.cancel();
        stream.next(chunk("b"));
        stream.complete();

        assertThat(upstreamCancels).hasValue(1);
        assertThat(log.signals).containsExactly("subscribe", "a");
        assertThat(stream.isDone()).isTrue();
    }

    @Test
    public void anUpstreamArrivingAfterTheCancelIsCancelledAtOnce() {
        Log log = new Log(0) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                super.onSubscribe(s);
                s.cancel();
            }
        };
        ChunkStream stream = new ChunkStream(log);
        AtomicInteger upstreamCancels = new AtomicInteger();

        assertThat(stream.open()).isFalse();
        stream.onCancel(upstreamCancels::incrementAndGet);

        assertThat(upstreamCancels).hasValue(1);
    }

    @Test
    public void nonPositiveDemandCancelsTheUpstreamAndSignalsAnError() {
        Log log = new Log(0);
        ChunkStream stream = new ChunkStream(log);
        AtomicInteger upstreamCancels = new AtomicInteger();
        stream.open();
        stream.onCancel(upstreamCancels::incrementAndGet);

        log.subscription.request(0);
        stream.next(chunk("a"));
        stream.complete();

        assertThat(log.signals).containsExactly("subscribe", "error:IllegalArgumentException");
        assertThat(upstreamCancels).hasValue(1);
    }

    @Test
    public void aThrowingSubscriberCountsAsCancelled() {
        Log log = new Log(Long.MAX_VALUE);
        log.onNextAction = () -> {
            throw new IllegalStateException("subscriber bug");
        };
        ChunkStream stream = new ChunkStream(log);
        AtomicInteger upstreamCancels = new AtomicInteger();
        stream.open();
        stream.onCancel(upstreamCancels::incrementAndGet);

        assertThat(stream.next(chunk("a"))).isFalse();
        stream.complete();

        assertThat(upstreamCancels).hasValue(1);
        assertThat(log.signals).containsExactly("subscribe", "a");
    }

    @Test
    public void aFailureFromAnotherThreadNeverOverlapsOnNextAndEndsTheStreamOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger terminals = new AtomicInteger();
            Flow.Subscriber<ChatChunk> subscriber = new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatChunk item) {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    inside.decrementAndGet();
                }

                @Override
                public void onError(Throwable throwable) {
                    terminals.incrementAndGet();
                }

                @Override
                public void onComplete() {
                    terminals.incrementAndGet();
                }
            };
            ChunkStream stream = new ChunkStream(subscriber);
            stream.open();
            CountDownLatch go = new CountDownLatch(1);
            Thread failer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stream.fail(new ProviderException(ErrorCode.UNAVAILABLE, "stopped"));
            });
            failer.start();
            go.countDown();
            for (int i = 0; i < 100 && stream.next(chunk("x")); i++) {
                // produce until the failure lands
            }
            stream.complete();
            failer.join(TimeUnit.SECONDS.toMillis(5));

            assertThat(overlaps).hasValue(0);
            assertThat(terminals).hasValue(1);
        }
    }
}
