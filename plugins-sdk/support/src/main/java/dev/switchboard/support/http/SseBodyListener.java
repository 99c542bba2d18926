package dev.switchboard.support.http;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseParser;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/** Feeds a streamed body through an {@link SseParser} into an {@link SseStreamListener}. */
final class SseBodyListener implements BodyStreamListener {

    private final SseStreamListener listener;
    private final SseParser parser;

    SseBodyListener(SseStreamListener listener, int maxEventBytes) {
        this.listener = listener;
        this.parser = new SseParser(listener::onEvent, maxEventBytes);
    }

    @Override
    public void onOpen(int status, HttpFields headers) {
        listener.onOpen(status, headers);
    }

    @Override
    public void onContent(ByteBuffer content) {
        parser.feed(content);
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
