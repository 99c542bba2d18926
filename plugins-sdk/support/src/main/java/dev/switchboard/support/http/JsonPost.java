package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.internal.ConnectWatch;
import dev.switchboard.support.http.internal.StreamingExchange;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.http.HttpMethod;

/**
 * One JSON POST to an upstream, sent without blocking: {@link #send()} for a complete answer,
 * {@link #stream(SseStreamListener, Function)} for a server-sent event stream. Build one per call.
 *
 * <pre>{@code
 * JsonPost.to(http.client(), URI.create(baseUrl + "/chat/completions"), "openai")
 *         .header("Authorization", "Bearer " + key)
 *         .body(json)
 *         .timeout(context.remaining())
 *         .send();
 * }</pre>
 *
 * Failures below HTTP become {@link ProviderException}s ({@code TIMEOUT} when the deadline passes,
 * {@code UNAVAILABLE} when no connection could be made or it broke; both retryable). Header values are never
 * part of any message, so an API key in {@code Authorization} stays out of exceptions and logs.
 */
public final class JsonPost {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = UpstreamBuffers.DEFAULT_MAX_RESPONSE_BYTES;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final UpstreamCall call;
    private byte[] body = new byte[0];
    private String contentType = "application/json";
    private Duration idleTimeout;
    private final UpstreamBuffers buffers;
    private int maxResponseBytes;
    private int maxEventBytes;

    private JsonPost(HttpClient client, URI uri, String provider) {
        this.call = new UpstreamCall(client, uri, provider, 6);
        this.buffers = UpstreamBuffers.of(client);
        this.maxResponseBytes = buffers.maxResponseBytes();
        this.maxEventBytes = buffers.maxEventBytes();
    }

    /** A POST to {@code uri}; {@code provider} names the upstream in error messages (e.g. "openai"). */
    public static JsonPost to(HttpClient client, URI uri, String provider) {
        return new JsonPost(client, uri, provider);
    }

    public JsonPost header(String name, String value) {
        call.header(name, value);
        return this;
    }

    /**
     * A body of another media type (a {@code multipart/form-data} upload with its boundary, say), already
     * serialized.
     */
    public JsonPost body(byte[] bytes, String mediaType) {
        body(bytes);
        this.contentType = mediaType == null ? "application/json" : mediaType;
        return this;
    }

    /** The JSON request body (already serialized: the mapping owns the wire format). */
    public JsonPost body(byte[] json) {
        this.body = json == null ? new byte[0] : json;
        return this;
    }

    /**
     * The deadline: for {@link #send()} the whole exchange, for a stream the wait for the response to begin
     * (status and headers). {@code null} means none; zero or negative fails at once with {@code TIMEOUT}.
     */
    public JsonPost timeout(Duration timeout) {
        call.timeout = timeout;
        return this;
    }

    /**
     * How long the call may wait for a connection (new or from the pool) before failing with
     * {@code UNAVAILABLE}; {@code null} leaves only the client-wide connect timeout.
     */
    public JsonPost connectTimeout(Duration connectTimeout) {
        call.connectTimeout = connectTimeout;
        return this;
    }

    /** The longest silence between bytes, above all between the events of a stream; {@code null}: the client's. */
    public JsonPost idleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        return this;
    }

    /**
     * The largest body {@link #send()} buffers (default: the client's {@code max.response.bytes}); a larger one
     * fails the call. Whatever this says, all calls together hold no more than the node's {@link UpstreamBuffers}.
     */
    public JsonPost maxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        return this;
    }

    /** The largest single event a stream may carry (default: the client's {@code max.event.bytes}). */
    public JsonPost maxEventBytes(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
        return this;
    }

    /**
     * Sends the request. The future completes with the response whatever its status (the caller maps
     * non-2xx bodies, which only it understands), or exceptionally with a {@link ProviderException} when no
     * response arrived. Cancelling the future aborts the request.
     */
    public CompletableFuture<UpstreamResponse> send() {
        if (call.expired()) {
            return CompletableFuture.failedFuture(call.deadlinePassed());
        }
        return call.sendBuffered(newRequest("application/json"), maxResponseBytes, buffers);
    }

    /**
     * Sends the request and parses a 2xx answer as server-sent events, handing each to {@code listener} as it
     * completes. A non-2xx answer is read whole (up to 64 KiB) and passed to {@code errors}, whose exception
     * goes to {@link SseStreamListener#onError}.
     */
    public UpstreamStream stream(SseStreamListener listener, Function<UpstreamResponse, ProviderException> errors) {
        UpstreamBuffers.Lease lease = buffers.lease();
        return streamBody(new SseBodyListener(listener, maxEventBytes, lease, call.provider,
                TransportFailures.origin(call.uri)), errors, lease);
    }

    /**
     * Like {@link #stream} for a newline-delimited JSON stream (asked for as {@code application/x-ndjson}): each
     * line goes to {@code listener} as it completes, no line larger than {@link #maxEventBytes}, and the unfinished
     * line is counted in the node's {@link UpstreamBuffers}.
     */
    public UpstreamStream streamLines(LineStreamListener listener, Function<UpstreamResponse, ProviderException> errors) {
        UpstreamBuffers.Lease lease = buffers.lease();
        return streamBody(new NdjsonBodyListener(listener, maxEventBytes, lease, call.provider,
                TransportFailures.origin(call.uri)), errors, lease, "application/x-ndjson");
    }

    /** Like {@link #stream} for any streamed body format: the raw bytes go to {@code listener}. */
    public UpstreamStream streamBody(BodyStreamListener listener, Function<UpstreamResponse, ProviderException> errors) {
        return streamBody(listener, errors, buffers.lease());
    }

    private UpstreamStream streamBody(BodyStreamListener listener, Function<UpstreamResponse, ProviderException> errors,
                                      UpstreamBuffers.Lease lease) {
        return streamBody(listener, errors, lease, "text/event-stream");
    }

    private UpstreamStream streamBody(BodyStreamListener listener, Function<UpstreamResponse, ProviderException> errors,
                                      UpstreamBuffers.Lease lease, String accept) {
        if (call.expired()) {
            lease.release();
            StreamingExchange.failed(listener, call.deadlinePassed());
            return StreamingExchange.DONE;
        }
        Request request = newRequest(accept);
        StreamingExchange exchange = new StreamingExchange(call.client, request, call.uri, call.provider, listener,
                errors, MAX_ERROR_BODY_BYTES, lease);
        ConnectWatch.install(call.client, request, call.connectTimeout);
        exchange.start(call.timeout);
        return exchange;
    }

    private Request newRequest(String accept) {
        Request request = call.newRequest(HttpMethod.POST, accept);
        if (idleTimeout != null) {
            request.idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return request.content(new BytesContentProvider(body), contentType);
    }
}
