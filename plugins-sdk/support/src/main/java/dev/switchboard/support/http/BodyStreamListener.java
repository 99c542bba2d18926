package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/**
 * Receives a streaming call's raw body as it arrives, for stream formats other than SSE (newline-delimited
 * JSON, binary event streams). Same threading and ordering rules as {@link SseStreamListener}.
 */
public interface BodyStreamListener {

    default void onOpen(int status, HttpFields headers) {
    }

    /** The next bytes of a 2xx body; consume them now, the buffer is reused. Throwing ends the stream. */
    void onContent(ByteBuffer content);

    /**
     * The body ended normally. Throwing here reports the stream as failed instead (say its last record was
     * cut off): {@code onError} follows with the exception, mapped as for {@code onContent}.
     */
    void onComplete();

    void onError(ProviderException error);
}
