package dev.switchboard.support.http;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.internal.BufferedAnswer;
import dev.switchboard.support.http.internal.ConnectWatch;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.http.HttpHeader;
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

    private final HttpClient client;
    private final URI uri;
    private final String provider;
    private final List<String[]> headers = new ArrayList<>(4);
    private Duration timeout;
    private Duration connectTimeout;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private UpstreamGet(HttpClient client, URI uri, String provider) {
        if (client == null || uri == null) {
            throw new IllegalArgumentException("client and uri are required");
        }
        this.client = client;
        this.uri = uri;
        this.provider = provider == null || provider.isBlank() ? "upstream" : provider;
    }

    /** A GET of {@code uri}; {@code provider} names the upstream in error messages. */
    public static UpstreamGet of(HttpClient client, URI uri, String provider) {
        return new UpstreamGet(client, uri, provider);
    }

    public UpstreamGet header(String name, String value) {
        if (value != null) {
            headers.add(new String[] {name, value});
        }
        return this;
    }

    /** The whole exchange's deadline; {@code null}: none; zero or negative fails at once with {@code TIMEOUT}. */
    public UpstreamGet timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public UpstreamGet connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    public UpstreamGet maxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        return this;
    }

    public CompletableFuture<UpstreamResponse> send() {
        CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            result.completeExceptionally(new ProviderException(ErrorCode.TIMEOUT, provider
                    + ": deadline passed before the call started (" + TransportFailures.origin(uri) + ")", true, null,
                    0, null));
            return result;
        }
        Request request = client.newRequest(uri).method(HttpMethod.GET);
        boolean acceptSet = false;
        for (String[] header : headers) {
            request.header(header[0], header[1]);
            acceptSet |= HttpHeader.ACCEPT.is(header[0]);
        }
        if (!acceptSet) {
            request.header(HttpHeader.ACCEPT, "application/json");
        }
        if (timeout != null) {
            request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ConnectWatch.install(client, request, connectTimeout);
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                request.abort(new CancellationException("call cancelled"));
            }
        });
        request.send(new BufferedAnswer(result, provider, uri, maxResponseBytes, UpstreamBuffers.of(client).lease()));
        return result;
    }
}
