package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
import java.util.concurrent.CompletionStage;

/**
 * A complete (not streamed) answer of an OpenAI-format upstream, as {@link OpenAiChat} and {@link OpenAiCalls}
 * both read one: {@link UpstreamAnswer} with the OpenAI error mapping.
 */
final class OpenAiAnswer {

    private OpenAiAnswer() {
    }

    /** Sends, maps a failure to the OpenAI error codes, reads a success; cancelling aborts the upstream call. */
    static <T> CompletionStage<T> read(JsonPost post, String provider, String secret, UpstreamAnswer.Reader<T> reader) {
        return UpstreamAnswer.send(post, provider, response -> OpenAiErrors.fromResponse(response, provider, secret),
                reader);
    }

    /** The request could not be written for the upstream (a bad input): {@code BAD_REQUEST}, not retried. */
    static ProviderException unmappable(String provider, RuntimeException e) {
        return UpstreamAnswer.unmappable(provider, e);
    }
}
