package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseParser;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/**
 * Feeds a streamed body through an {@link SseParser} into an {@link SseStreamListener}, holding the bytes of
 * the unfinished event from the node's {@link UpstreamBuffers} (the exchange releases the lease at its end).
 */
final class SseBodyListener implements BodyStreamListener {

    private final SseStreamListener listener;
    private final SseParser parser;
    private final UpstreamBuffers.Lease lease;
    private final String provider;
    private final String origin;

    SseBodyListener(SseStreamListener listener, int maxEventBytes, UpstreamBuffers.Lease lease, String provider,
                    String origin) {
        this.listener = listener;
        this.parser = new SseParser(listener::onEvent, maxEventBytes);
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
        // at worst all of it stays in the parser (an event not finished yet); what it dispatched is given back
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
