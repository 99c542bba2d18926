package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.PieceStream;
import dev.switchboard.support.sse.SseEvent;
import java.util.concurrent.Flow;

/**
 * One streamed Responses API answer passed through: each upstream event goes on as it was sent (its name and data
 * unchanged), with the usage of {@code response.completed} read for accounting. The stream is whole when the
 * upstream ends it after a terminal event ({@code response.completed}, {@code .incomplete}, {@code .failed},
 * {@code error}); a connection that ends before one is a retryable failure.
 */
public final class OpenAiResponsesStream implements SseStreamListener {

    private final PieceStream<ResponsesEvent> out;
    private final String provider;
    private boolean sawEnd;

    public OpenAiResponsesStream(Flow.Subscriber<? super ResponsesEvent> subscriber, String provider) {
        this.out = new PieceStream<>(subscriber);
        this.provider = provider;
    }

    public void start(JsonPost post, String apiKey) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> OpenAiErrors.fromResponse(response, provider, apiKey))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent. */
    public void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    @Override
    public void onEvent(SseEvent event) {
        if (out.isDone()) {
            return;
        }
        String name = SseEvent.DEFAULT_TYPE.equals(event.event()) ? null : event.event();
        if ("[DONE]".equals(event.data())) {
            // not part of the Responses API; a compatible server that ends this way is finished
            sawEnd = true;
            out.complete();
            return;
        }
        if (name != null && (name.equals("response.completed") || name.equals("response.incomplete")
                || name.equals("response.failed") || name.equals("error"))) {
            sawEnd = true;
        }
        out.next(new ResponsesEvent(name, event.data(), OpenAiResponses.usageOfEvent(name, event.data())));
    }

    @Override
    public void onComplete() {
        if (sawEnd) {
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, provider
                    + ": stream ended before the response was finished", true, null, 200, null));
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
