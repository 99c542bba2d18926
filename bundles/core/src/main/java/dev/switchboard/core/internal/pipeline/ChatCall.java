package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;

/** One non-streaming chat request: a {@link UnaryCall} that estimates missing usage and stores in the cache. */
final class ChatCall extends UnaryCall<ChatResponse, ChatOutcome> {

    private final Admission admission;

    ChatCall(Pipeline pipeline, Admission admission) {
        super(pipeline, admission.routes(), admission.context(), admission.permit(), admission.settings());
        this.admission = admission;
    }

    @Override
    CompletionStage<ChatResponse> send(Route route, CallContext context) {
        ChatRequest upstream = admission.upstreamRequest().withModel(route.model().upstreamId());
        return route.instance().chat(upstream, context);
    }

    @Override
    long timeoutMillis() {
        return admission.timeoutMillis(pipeline.settings());
    }

    @Override
    ChatOutcome fallback(ProviderException failure) {
        return FallbackAnswer.applies(admission, failure) ? FallbackAnswer.outcome(admission, plan.attempts()) : null;
    }

    @Override
    void failedFinally(Route route, ProviderException failure, GatewayException error) {
        pipeline.bookFailure(admission.context().requestId(), admission.quotaRequest(), route, "chat", error, failure,
                admission.startNanos());
    }

    @Override
    ChatOutcome succeeded(Route route, ChatResponse response, long attemptNanos) {
        Usage usage = response.usage().totalTokens() > 0 ? response.usage()
                : new Usage(TokenEstimate.ofPrompt(admission.clientRequest()), TokenEstimate.ofCompletion(response));
        ChatResponse answered = usage == response.usage() ? response : response.withUsage(usage);
        BigDecimal cost = pipeline.account(admission, route, usage, attemptNanos, -1);
        pipeline.store(admission, answered);
        return new ChatOutcome(answered, route.instanceId(), route.providerType(), false, cost,
                System.nanoTime() - admission.startNanos(), plan.attempts());
    }
}
