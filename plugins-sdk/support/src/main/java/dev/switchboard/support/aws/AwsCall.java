package dev.switchboard.support.aws;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One unary AWS call (InvokeModel, Converse, InvokeEndpoint): sends the prepared post, maps a non-2xx answer
 * with the provider's error reader and a 2xx one with its answer reader (an unreadable answer is a retryable
 * {@code INTERNAL}), and cancels the upstream when the caller cancels the returned future (client gone, deadline).
 */
public final class AwsCall {

    /** Reads a successful answer; may throw when it is not what the service documents. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(UpstreamResponse response) throws IOException;
    }

    private AwsCall() {
    }

    public static <T> CompletableFuture<T> send(JsonPost post, String provider,
                                                Function<UpstreamResponse, ProviderException> errors,
                                                AnswerReader<T> reader) {
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

    /** A request that cannot be put into the service's format: the client's fault, never retried. */
    public static ProviderException unmappable(String provider, RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, provider + ": request cannot be sent: " + e.getMessage(),
                false, null, 0, null);
    }
}
