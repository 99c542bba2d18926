package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseEvent;
import org.eclipse.jetty.http.HttpFields;

/**
 * Receives a streaming call's events as each completes. Calls come from the client's threads, one at a time,
 * in order: {@code onOpen}, any number of {@code onEvent}, then exactly one of {@code onComplete} or
 * {@code onError} (none after {@link UpstreamStream#cancel()}). Keep them short and never block.
 */
public interface SseStreamListener {

    /** The upstream answered 2xx and its event stream begins. */
    default void onOpen(int status, HttpFields headers) {
    }

    /**
     * One complete event. Throwing ends the stream: the request is aborted and {@code onError} receives the
     * exception if it is a {@link ProviderException} (so a provider can map an in-stream error event), or an
     * {@code INTERNAL} one wrapping it otherwise.
     */
    void onEvent(SseEvent event);

    /** The upstream closed the stream normally. */
    void onComplete();

    /** The call failed: transport failure, timeout, a non-2xx answer mapped by the caller, or a thrown event. */
    void onError(ProviderException error);
}
