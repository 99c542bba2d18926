package dev.switchboard.support.http;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A complete (not streamed) upstream answer, the same for every HTTP provider: sent, a failure mapped to the
 * provider's {@link ProviderException}, a success read into what the call returns; cancelling the result (the client
 * gone, core's deadline) aborts the upstream call, so the upstream stops generating too.
 */
public final class UpstreamAnswer {

    /** Reads a 2xx answer; may throw a {@link ProviderException} of its own (an error inside a 200). */
    @FunctionalInterface
    public interface Reader<T> {
        T read(UpstreamResponse response) throws IOException;
    }

    private UpstreamAnswer() {
    }

    /**
     * Sends {@code post}. A transport failure completes the result as it came (already a {@link ProviderException});
     * a non-2xx answer through {@code errors}; a 2xx through {@code reader}, where anything but a
     * {@link ProviderException} it throws is an {@code INTERNAL}, retryable "unreadable response" naming
     * {@code provider}.
     */
    public static <T> CompletableFuture<T> send(JsonPost post, String provider,
                                                Function<UpstreamResponse, ProviderException> errors, Reader<T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<UpstreamResponse> call = post.send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (!response.isSuccess()) {
                result.completeExceptionally(errors.apply(response));
            } else {
                try {
                    result.complete(reader.read(response));
                } catch (ProviderException e) {
                    result.completeExceptionally(e);
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, provider
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        result.whenComplete((answer, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /** A request that cannot be put into the upstream's format: the client's fault ({@code BAD_REQUEST}), never retried. */
    public static ProviderException unmappable(String provider, RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, provider + ": request cannot be sent: " + e.getMessage(),
                false, null, 0, null);
    }
}
