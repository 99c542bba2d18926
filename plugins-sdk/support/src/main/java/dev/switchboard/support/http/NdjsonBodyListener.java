package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.ndjson.NdjsonParser;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/**
 * Feeds a streamed body through an {@link NdjsonParser} into a {@link LineStreamListener}, holding the bytes of the
 * unfinished line from the node's {@link UpstreamBuffers}, as {@link SseBodyListener} does for events.
 */
final class NdjsonBodyListener implements BodyStreamListener {

    private final LineStreamListener listener;
    private final NdjsonParser parser;
    private final UpstreamBuffers.Lease lease;
    private final String provider;
    private final String origin;

    NdjsonBodyListener(LineStreamListener listener, int maxLineBytes, UpstreamBuffers.Lease lease, String provider,
                       String origin) {
        this.listener = listener;
        this.parser = new NdjsonParser(listener::onLine, maxLineBytes);
        this.lease = lease;
        this.provider = provider;
        this.origin = origin;
    }

    @Override
    public void onOpen(int status, HttpFields headers) {
        listener.onOpen(status, headers);
    }

    @Override
    public void onContent(ByteBuffer content) {
        if (!lease.holdExactly(parser.bufferedBytes() + content.remaining())) {
            throw lease.exhausted(provider, origin);
        }
        parser.feed(content);
        lease.holdExactly(parser.bufferedBytes());
    }

    @Override
    public void onComplete() {
        parser.finish();
        listener.onComplete();
    }

    @Override
    public void onError(ProviderException error) {
        listener.onError(error);
    }
}
