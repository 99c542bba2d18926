package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ModelInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletionStage;
import dev.switchboard.core.internal.routing.Route;

/**
 * What one endpoint beyond chat adds to the shared pipeline: the capability interface its instances implement,
 * how its request is measured for admission and policy, how an instance is called, and what a success costs.
 * One stateless object per endpoint ({@link Endpoints}); the request path allocates none.
 *
 * @param <Q> the endpoint's request record
 * @param <R> the provider's answer
 */
public interface Endpoint<Q, R> {

    /** The path clients call, for messages. */
    String path();

    /** The capability interface an instance implements to serve this endpoint. */
    Class<?> capability();

    String model(Q request);

    /** Tokens the request may use at most, for quotas. */
    long estimatedTokens(Q request);

    /** A body field by its OpenAI name, for the operator's field policy; {@code null} when not sent. */
    Object field(Q request, String name);

    /** Throws a 400 when the request cannot fit the models of the routes (modality, limits). */
    void checkFit(Q request, List<Route> routes);

    /** Calls the instance (which implements {@link #capability()}) with the request for {@code upstreamModel}. */
    CompletionStage<R> call(Object instance, Q request, String upstreamModel, CallContext context);

    /** What the call used: as the provider reported it, else estimated. */
    Usage usage(Q request, R response);

    /** The endpoint's name in the usage ledger: the last segment of its path ({@code embeddings}, ...). */
    default String ledgerName(Q request) {
        String path = path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Images the answer holds, for the ledger (0 for endpoints that make none). */
    default long images(R response) {
        return 0;
    }

    /** Seconds of audio the answer was priced by, for the ledger (0 for endpoints without audio). */
    default double audioSeconds(R response) {
        return 0;
    }

    /** What it cost on {@code model}. */
    BigDecimal cost(ModelInfo model, Q request, R response, Usage usage);
}
