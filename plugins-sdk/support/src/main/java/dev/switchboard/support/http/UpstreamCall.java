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
 * What {@link JsonPost} and {@link UpstreamGet} share: where the call goes, the name it gives the upstream in
 * errors, its headers and deadlines, and sending it for a buffered answer. Header values never reach a message.
 */
final class UpstreamCall {

    final HttpClient client;
    final URI uri;
    final String provider;
    private final List<String[]> headers;
    Duration timeout;
    Duration connectTimeout;

    UpstreamCall(HttpClient client, URI uri, String provider, int expectedHeaders) {
        if (client == null || uri == null) {
            throw new IllegalArgumentException("client and uri are required");
        }
        this.client = client;
        this.uri = uri;
        this.provider = provider == null || provider.isBlank() ? "upstream" : provider;
        this.headers = new ArrayList<>(expectedHeaders);
    }

    void header(String name, String value) {
        if (value != null) {
            headers.add(new String[] {name, value});
        }
    }

    /** A zero or negative timeout: the deadline passed before the call could start. */
    boolean expired() {
        return timeout != null && (timeout.isZero() || timeout.isNegative());
    }

    ProviderException deadlinePassed() {
        return new ProviderException(ErrorCode.TIMEOUT, provider + ": deadline passed before the call started ("
                + TransportFailures.origin(uri) + ")", true, null, 0, null);
    }

    /** The request with the caller's headers, asking for {@code accept} unless a header already did. */
    Request newRequest(HttpMethod method, String accept) {
        Request request = client.newRequest(uri).method(method);
        boolean acceptSet = false;
        for (String[] header : headers) {
            request.header(header[0], header[1]);
            acceptSet |= HttpHeader.ACCEPT.is(header[0]);
        }
        if (!acceptSet) {
            request.header(HttpHeader.ACCEPT, accept);
        }
        return request;
    }

    /**
     * Sends {@code request} with the whole exchange under the timeout; the future completes with the response
     * whatever its status (the body bounded and counted in {@code buffers}), or with a {@link ProviderException}
     * when none arrived. Cancelling the future aborts the request.
     */
    CompletableFuture<UpstreamResponse> sendBuffered(Request request, int maxResponseBytes, UpstreamBuffers buffers) {
        CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
        if (timeout != null) {
            request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ConnectWatch.install(client, request, connectTimeout);
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                request.abort(new CancellationException("call cancelled"));
            }
        });
        request.send(new BufferedAnswer(result, provider, uri, maxResponseBytes, buffers.lease()));
        return result;
    }
}
