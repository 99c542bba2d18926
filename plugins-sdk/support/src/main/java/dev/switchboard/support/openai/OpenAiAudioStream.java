package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.BodyStreamListener;
import dev.switchboard.support.http.UpstreamStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * Generated speech passed on as it arrives: each piece of the upstream body is copied (the client's buffer is
 * reused) and handed to the subscriber. Honours demand (pieces wait while there is none; core asks for all at
 * once, so normally nothing waits), cancel (aborts the upstream) and one terminal signal.
 */
public final class OpenAiAudioStream implements BodyStreamListener, Flow.Subscription {

    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final String apiKey;
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private long demand;
    private boolean cancelled;
    private boolean terminated;
    private boolean completePending;
    private ProviderException errorPending;
    private boolean emitting;
    private volatile UpstreamStream upstream;

    public OpenAiAudioStream(Flow.Subscriber<? super ByteBuffer> subscriber, String apiKey) {
        this.subscriber = subscriber;
        this.apiKey = apiKey;
        subscriber.onSubscribe(this);
    }

    public void start(UpstreamStream stream) {
        upstream = stream;
        boolean cancelNow;
        synchronized (this) {
            cancelNow = cancelled;
        }
        if (cancelNow) {
            stream.cancel();
        }
    }

    /** Fails before the call started (the request could not be mapped). */
    public void fail(ProviderException error) {
        onError(error);
    }

    @Override
    public void onContent(ByteBuffer content) {
        ByteBuffer copy = ByteBuffer.allocate(content.remaining());
        copy.put(content).flip();
        synchronized (this) {
            if (cancelled || terminated) {
                return;
            }
            waiting.add(copy);
        }
        drain();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            completePending = true;
        }
        drain();
    }

    @Override
    public void onError(ProviderException error) {
        synchronized (this) {
            errorPending = error;
        }
        drain();
    }

    @Override
    public void request(long n) {
        synchronized (this) {
            if (n <= 0) {
                errorPending = errorPending != null ? errorPending
                        : new ProviderException(dev.switchboard.api.provider.ErrorCode.INTERNAL,
                        "rule 3.9: request(" + n + ")");
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
        }
        drain();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            waiting.clear();
        }
        UpstreamStream stream = upstream;
        if (stream != null) {
            stream.cancel();
        }
    }

    /** Delivers what demand allows, one thread at a time, signals outside the lock. */
    private void drain() {
        synchronized (this) {
            if (emitting) {
                return;
            }
            emitting = true;
        }
        while (true) {
            ByteBuffer next = null;
            Runnable terminal = null;
            synchronized (this) {
                if (cancelled || terminated) {
                    emitting = false;
                    return;
                }
                if (demand > 0 && !waiting.isEmpty()) {
                    next = waiting.poll();
                    demand--;
                } else if (waiting.isEmpty() && errorPending != null) {
                    terminated = true;
                    ProviderException error = errorPending;
                    terminal = () -> subscriber.onError(error);
                } else if (waiting.isEmpty() && completePending) {
                    terminated = true;
                    terminal = subscriber::onComplete;
                } else {
                    emitting = false;
                    return;
                }
            }
            if (next != null) {
                subscriber.onNext(next);
            } else {
                terminal.run();
                synchronized (this) {
                    emitting = false;
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "OpenAiAudioStream[" + (apiKey == null ? "" : "keyed") + "]";
    }
}
