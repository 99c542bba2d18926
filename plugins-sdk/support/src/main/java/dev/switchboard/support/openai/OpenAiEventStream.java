package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.PieceStream;
import java.io.IOException;

/**
 * What every streamed answer from an OpenAI-compatible upstream shares, written once: the subscription (a
 * {@link PieceStream}: demand, cancel aborting the upstream request, one terminal signal), starting the call with
 * its non-2xx answer mapped by {@link OpenAiErrors}, {@code data: [DONE]}, an unreadable event and an error event,
 * and the rule for a connection that closes: the stream is whole once the endpoint's own last event was seen
 * ({@link #finished()}), else a retryable failure. Each endpoint keeps only its mapping of one event, in its own
 * {@code onEvent} that begins with {@link #ended(String)}.
 * <p>
 * The per-event entry stays the subclass's {@code onEvent} (no abstract call per event); what it calls here is
 * final, so the JIT binds and inlines it, and nothing here allocates per event.
 *
 * @param <T> what the stream hands on
 */
abstract class OpenAiEventStream<T> implements SseStreamListener {

    private static final String DONE = "[DONE]";

    final PieceStream<T> out;
    final String provider;
    /** Cut out of error messages; {@code null} where the endpoint maps no error event and gets it at start. */
    final String apiKey;
    /** What the answer is called in "stream ended before the ... was finished". */
    private final String answer;
    private boolean sawEnd;

    OpenAiEventStream(PieceStream<T> out, String provider, String apiKey, String answer) {
        this.out = out;
        this.provider = provider;
        this.apiKey = apiKey;
        this.answer = answer;
    }

    /** Opens the subscription and, unless the subscriber cancelled inside {@code onSubscribe}, posts the call. */
    final void open(JsonPost post, String key) {
        if (out.open()) {
            out.onCancel(post.stream(this, response -> OpenAiErrors.fromResponse(response, provider, key))::cancel);
        }
    }

    /** Fails the subscriber before anything was sent (bad request, deadline already passed). */
    public final void fail(ProviderException error) {
        out.open();
        out.fail(error);
    }

    /**
     * Whether the event needs no mapping: the stream is over (ended or cancelled), or this is {@code data: [DONE]},
     * which completes it at once, without waiting for the connection to finish.
     */
    final boolean ended(String data) {
        if (out.isDone()) {
            return true;
        }
        if (DONE.equals(data)) {
            sawEnd = true;
            out.complete();
            return true;
        }
        return false;
    }

    /** The endpoint's last event arrived (a finish reason, a terminal event): a close from now on is whole. */
    final void finished() {
        sawEnd = true;
    }

    /** An event that is not the JSON it should be; thrown, so the support layer aborts the request. */
    final ProviderException unreadable(IOException e) {
        return new ProviderException(ErrorCode.INTERNAL, provider + ": unreadable stream chunk ("
                + e.getClass().getSimpleName() + ")", true, null, 200, null);
    }

    /** The upstream's in-stream error event; thrown, so the support layer aborts the request and reports it. */
    final ProviderException streamError(OpenAiWire.Error error) {
        return OpenAiErrors.fromStreamError(error, provider, apiKey);
    }

    @Override
    public final void onComplete() {
        if (sawEnd) {
            // some OpenAI-compatible servers end without [DONE]; a finished answer is still whole
            out.complete();
        } else {
            out.fail(new ProviderException(ErrorCode.UNAVAILABLE, provider
                    + ": stream ended before the " + answer + " was finished", true, null, 200, null));
        }
    }

    @Override
    public final void onError(ProviderException error) {
        out.fail(error);
    }
}
