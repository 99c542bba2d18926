package dev.switchboard.support.http.internal;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.TransportFailures;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Buffers one complete answer within the per-answer limit and the node's {@link UpstreamBuffers}: the
 * buffer's capacity is held from the budget as it grows (all of it at once when the upstream says its
 * length), and given back when the exchange ends, whichever way it ends.
 */
public final class BufferedAnswer extends Response.Listener.Adapter {

    private static final int FIRST_CAPACITY = 4096;

    private final CompletableFuture<UpstreamResponse> result;
    private final String provider;
    private final URI uri;
    private final int maxBytes;
    private final UpstreamBuffers.Lease lease;
    private byte[] buffer = new byte[0];
    private int size;

    public BufferedAnswer(CompletableFuture<UpstreamResponse> result, String provider, URI uri, int maxBytes,
                          UpstreamBuffers.Lease lease) {
        this.result = result;
        this.provider = provider;
        this.uri = uri;
        this.maxBytes = maxBytes;
        this.lease = lease;
    }

    @Override
    public void onHeaders(Response response) {
        long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH.asString());
        if (length > maxBytes) {
            response.abort(tooLarge());
        } else if (length > 0) {
            grow(response, (int) length);
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        int n = content.remaining();
        if ((long) size + n > maxBytes) {
            response.abort(tooLarge());
            return;
        }
        if (size + n > buffer.length && !grow(response, Math.min(maxBytes, Math.max(size + n,
                Math.max(FIRST_CAPACITY, buffer.length * 2))))) {
            return;
        }
        content.get(buffer, size, n);
        size += n;
    }

    @Override
    public void onComplete(Result outcome) {
        try {
            if (outcome.isFailed()) {
                result.completeExceptionally(TransportFailures.toException(provider, uri, outcome.getFailure()));
            } else {
                result.complete(new UpstreamResponse(outcome.getResponse().getStatus(),
                        outcome.getResponse().getHeaders(), size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
            }
        } finally {
            buffer = null;
            lease.release();
        }
    }

    private boolean grow(Response response, int capacity) {
        if (!lease.holdExactly(capacity)) {
            response.abort(lease.exhausted(provider, TransportFailures.origin(uri)));
            return false;
        }
        buffer = Arrays.copyOf(buffer, capacity);
        return true;
    }

    private ProviderException tooLarge() {
        return new ProviderException(ErrorCode.UNAVAILABLE, provider + ": answer larger than " + maxBytes
                + " bytes (" + TransportFailures.origin(uri) + ")", true, null, 0, null);
    }
}
