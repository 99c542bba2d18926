package dev.switchboard.support.openai;

import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.PieceStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;

/**
 * One streamed legacy completion: OpenAI's {@code text_completion} events in, {@link CompletionChunk}s out as each
 * arrives, complete at {@code data: [DONE]}. The subscription rules, {@code [DONE]} and the end of the connection
 * are {@link OpenAiEventStream}'s; this class maps one chunk event.
 */
public final class OpenAiCompletionStream extends OpenAiEventStream<CompletionChunk> {

    public OpenAiCompletionStream(Flow.Subscriber<? super CompletionChunk> subscriber, String provider, String apiKey) {
        super(new PieceStream<>(subscriber), provider, apiKey, "completion");
    }

    public void start(JsonPost post) {
        open(post, apiKey);
    }

    @Override
    public void onEvent(SseEvent event) {
        String data = event.data();
        if (ended(data)) {
            return;
        }
        CompletionChunk chunk;
        try {
            chunk = OpenAiEndpoints.readCompletionChunk(data);
            if (chunk.id() == null && chunk.choices().isEmpty() && chunk.usage() == null) {
                OpenAiWire.Error error = OpenAiWire.readChunk(data).error();
                if (error != null) {
                    throw streamError(error);
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (chunk.choices().isEmpty() && chunk.usage() == null) {
            // Azure's prompt-filter results come first, in a chunk without choices: nothing to hand on
            return;
        }
        for (int i = 0; i < chunk.choices().size(); i++) {
            if (chunk.choices().get(i).finishReason() != null) {
                finished();
            }
        }
        out.next(chunk);
    }
}
