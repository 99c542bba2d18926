package dev.switchboard.support.http;

import dev.switchboard.support.internal.BoundedLineParser;
import java.nio.ByteBuffer;

/**
 * Feeds a streamed body through a parser ({@link SseBodyListener}: events, {@link NdjsonBodyListener}: lines),
 * holding the bytes the parser has not dispatched yet from the node's {@link UpstreamBuffers} (the exchange
 * releases the lease at its end). A subclass passes on the opening, the end and the errors to its own listener.
 */
abstract class ParsedBodyListener implements BodyStreamListener {

    private final BoundedLineParser<?> parser;
    private final UpstreamBuffers.Lease lease;
    private final String provider;
    private final String origin;

    ParsedBodyListener(BoundedLineParser<?> parser, UpstreamBuffers.Lease lease, String provider, String origin) {
        this.parser = parser;
        this.lease = lease;
        this.provider = provider;
        this.origin = origin;
    }

    @Override
    public final void onContent(ByteBuffer content) {
        // at worst all of it stays in the parser (a line or event not finished yet); what it dispatched is given back
        if (!lease.holdExactly(parser.bufferedBytes() + content.remaining())) {
            throw lease.exhausted(provider, origin);
        }
        parser.feed(content);
        lease.holdExactly(parser.bufferedBytes());
    }

    @Override
    public final void onComplete() {
        parser.finish();
        completed();
    }

    /** The body ended and the parser dispatched its last line or event: tell the listener. */
    abstract void completed();
}
