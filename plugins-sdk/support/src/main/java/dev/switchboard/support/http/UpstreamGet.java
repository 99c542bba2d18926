package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * One GET to an upstream, sent without blocking, for the cheap calls beside chat (a models list for a health
 * check). The same rules as {@link JsonPost#send()}: the answer whatever its status, or a
 * {@link ProviderException} when none arrived ({@code TIMEOUT}, {@code UNAVAILABLE}); header values never in a
 * message; the body bounded (default 1 MiB) and counted in the node's {@link UpstreamBuffers}; cancelling the
 * future aborts the request. Build one per call.
 */
public final class UpstreamGet {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final UpstreamCall call;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private UpstreamGet(HttpClient client, URI uri, String provider) {
        this.call = new UpstreamCall(client, uri, provider, 4);
    }

    /** A GET of {@code uri}; {@code provider} names the upstream in error messages. */
    public static UpstreamGet of(HttpClient client, URI uri, String provider) {
        return new UpstreamGet(client, uri, provider);
    }

    public UpstreamGet header(String name, String value) {
        call.header(name, value);
        return this;
    }

    /** The whole exchange's deadline; {@code null}: none; zero or negative fails at once with {@code TIMEOUT}. */
    public UpstreamGet timeout(Duration timeout) {
        call.timeout = timeout;
        return this;
    }

    public UpstreamGet connectTimeout(Duration connectTimeout) {
        call.connectTimeout = connectTimeout;
        return this;
    }

    public UpstreamGet maxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        return this;
    }

    public CompletableFuture<UpstreamResponse> send() {
        if (call.expired()) {
            return CompletableFuture.failedFuture(call.deadlinePassed());
        }
        return call.sendBuffered(call.newRequest(HttpMethod.GET, "application/json"), maxResponseBytes,
                UpstreamBuffers.of(call.client));
    }
}
