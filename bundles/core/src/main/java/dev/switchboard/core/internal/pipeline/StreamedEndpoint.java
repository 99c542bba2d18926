package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An endpoint beyond chat whose answer streams ({@code /v1/audio/speech}, {@code /v1/completions} with
 * {@code stream}, {@code /v1/responses} passed through with {@code stream}): admitted as any {@link Endpoint}, then
 * called with a subscriber that gets each piece as it arrives ({@link PieceCall}). Accounting reads the usage a
 * piece reports, else estimates it from the request and the generated text.
 *
 * @param <Q> the endpoint's request record
 * @param <P> what the stream carries
 */
interface StreamedEndpoint<Q, P> extends Endpoint<Q, Void> {

    /** Starts the instance's stream (it implements {@link #capability()}) for {@code upstreamModel}. */
    void stream(Object instance, Q request, String upstreamModel, CallContext context,
                Flow.Subscriber<? super P> subscriber);

    /** The usage a piece reports (a last chunk's), or {@code null}: most pieces report none. */
    default Usage reportedUsage(P piece) {
        return null;
    }

    /** Characters of generated text in a piece, for the estimate when no usage is reported. */
    default long generatedChars(P piece) {
        return 0;
    }

    @Override
    default CompletionStage<Void> call(Object instance, Q request, String upstreamModel, CallContext context) {
        throw new UnsupportedOperationException(path() + " is streamed");
    }
}
