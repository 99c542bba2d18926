package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import org.eclipse.jetty.http.HttpFields;

/**
 * Receives a newline-delimited JSON stream's lines as each completes (Ollama's streams, and other APIs that send
 * one JSON object per line). Same threading and ordering rules as {@link SseStreamListener}: {@code onOpen}, any
 * number of {@code onLine}, then exactly one of {@code onComplete} or {@code onError}.
 */
public interface LineStreamListener {

    /** The upstream answered 2xx and its stream begins. */
    default void onOpen(int status, HttpFields headers) {
    }

    /**
     * One complete, non-blank line (without its line end). Throwing ends the stream as for
     * {@link SseStreamListener#onEvent}.
     */
    void onLine(String line);

    /** The upstream closed the stream normally (a last line without its newline was delivered first). */
    void onComplete();

    void onError(ProviderException error);
}
