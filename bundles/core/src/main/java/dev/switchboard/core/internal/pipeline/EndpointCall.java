package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;

/** One request of an endpoint beyond chat: the shared {@link UnaryCall} with the endpoint's call and costing. */
final class EndpointCall<Q, R> extends UnaryCall<R, Outcome<R>> {

    private final Endpoint<Q, R> endpoint;
    private final Q request;
    private final KeyConcurrency.Permit permit;
    private final QuotaRequest quotaRequest;
    private final long startNanos;
    private final CallContext context;

    EndpointCall(Pipeline pipeline, Endpoint<Q, R> endpoint, Q request, EndpointAdmission admission) {
        super(pipeline, admission.routes(), admission.context(), admission.permit(), pipeline.settings());
        this.endpoint = endpoint;
        this.request = request;
        this.permit = admission.permit();
        this.quotaRequest = admission.quotaRequest();
        this.startNanos = admission.startNanos();
        this.context = admission.context();
    }

    @Override
    CompletionStage<R> send(Route route, CallContext context) {
        return endpoint.call(route.instance(), request, route.model().upstreamId(), context);
    }

    @Override
    void failedFinally(Route route, ProviderException failure, GatewayException error) {
        pipeline.bookFailure(context.requestId(), quotaRequest, route, endpoint.ledgerName(request), error, failure,
                startNanos);
    }

    @Override
    Outcome<R> succeeded(Route route, R response, long attemptNanos) {
        Usage usage = endpoint.usage(request, response);
        BigDecimal cost = endpoint.cost(route.model(), request, response, usage);
        pipeline.account(permit, quotaRequest.tenant(), startNanos, route, usage, cost, attemptNanos, -1);
        pipeline.book(context.requestId(), quotaRequest, route, endpoint.ledgerName(request), usage,
                endpoint.images(response), endpoint.audioSeconds(response), cost, startNanos);
        return new Outcome<>(response, route.instanceId(), route.providerType(), cost,
                System.nanoTime() - startNanos, plan.attempts());
    }
}
