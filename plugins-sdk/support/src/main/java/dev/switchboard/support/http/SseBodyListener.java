package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseParser;
import org.eclipse.jetty.http.HttpFields;

/** Feeds a streamed body through an {@link SseParser} into an {@link SseStreamListener}. */
final class SseBodyListener extends ParsedBodyListener {

    private final SseStreamListener listener;

    SseBodyListener(SseStreamListener listener, int maxEventBytes, UpstreamBuffers.Lease lease, String provider,
                    String origin) {
        super(new SseParser(listener::onEvent, maxEventBytes), lease, provider, origin);
        this.listener = listener;
    }

    @Override
    public void onOpen(int status, HttpFields headers) {
        listener.onOpen(status, headers);
    }

    @Override
    void completed() {
        listener.onComplete();
    }

    @Override
    public void onError(ProviderException error) {
        listener.onError(error);
    }
}
