package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.ndjson.NdjsonParser;
import org.eclipse.jetty.http.HttpFields;

/** Feeds a streamed body through an {@link NdjsonParser} into a {@link LineStreamListener}. */
final class NdjsonBodyListener extends ParsedBodyListener {

    private final LineStreamListener listener;

    NdjsonBodyListener(LineStreamListener listener, int maxLineBytes, UpstreamBuffers.Lease lease, String provider,
                       String origin) {
        super(new NdjsonParser(listener::onLine, maxLineBytes), lease, provider, origin);
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
