package dev.switchboard.support.openai;

import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.PieceStream;
import dev.switchboard.support.sse.SseEvent;
import java.util.concurrent.Flow;

/**
 * One streamed Responses API answer passed through: each upstream event goes on as it was sent (its name and data
 * unchanged), with the usage of {@code response.completed} read for accounting. The stream is whole when the
 * upstream ends it after a terminal event ({@code response.completed}, {@code .incomplete}, {@code .failed},
 * {@code error}); a connection that ends before one is a retryable failure. The subscription rules and the end of
 * the connection are {@link OpenAiEventStream}'s; {@code data: [DONE]} is not part of the Responses API, but a
 * compatible server that ends this way is finished.
 */
public final class OpenAiResponsesStream extends OpenAiEventStream<ResponsesEvent> {

    public OpenAiResponsesStream(Flow.Subscriber<? super ResponsesEvent> subscriber, String provider) {
        // error events are handed on like any other, so no key is needed to clean their messages
        super(new PieceStream<>(subscriber), provider, null, "response");
    }

    public void start(JsonPost post, String apiKey) {
        open(post, apiKey);
    }

    @Override
    public void onEvent(SseEvent event) {
        String data = event.data();
        if (ended(data)) {
            return;
        }
        String name = SseEvent.DEFAULT_TYPE.equals(event.event()) ? null : event.event();
        if (name != null && (name.equals("response.completed") || name.equals("response.incomplete")
                || name.equals("response.failed") || name.equals("error"))) {
            finished();
        }
        out.next(new ResponsesEvent(name, data, OpenAiResponses.usageOfEvent(name, data)));
    }
}
