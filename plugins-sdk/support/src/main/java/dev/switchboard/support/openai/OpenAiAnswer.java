package dev.switchboard.support.openai;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A complete (not streamed) answer of an OpenAI-format upstream, as {@link OpenAiChat} and {@link OpenAiCalls}
 * both read one: sent, a failure mapped to the OpenAI error codes, a success read; and the error for a request
 * that cannot be written.
 */
final class OpenAiAnswer {

    /** Reads a 2xx answer into what the call returns. */
    @FunctionalInterface
    interface Reader<T> {
        T read(UpstreamResponse response) throws IOException;
    }

    private OpenAiAnswer() {
    }

    /** Sends, maps a failure to the OpenAI error codes, reads a success; cancelling aborts the upstream call. */
    static <T> CompletionStage<T> read(JsonPost post, String provider, String secret, Reader<T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<UpstreamResponse> call = post.send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else if (!response.isSuccess()) {
                result.completeExceptionally(OpenAiErrors.fromResponse(response, provider, secret));
            } else {
                try {
                    result.complete(reader.read(response));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, provider
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        // the caller giving up (client gone, deadline in core) must stop the upstream work too
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /** The request could not be written for the upstream (a bad input): {@code BAD_REQUEST}, not retried. */
    static ProviderException unmappable(String provider, RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, provider + ": request cannot be sent: " + e.getMessage(),
                false, null, 0, null);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
