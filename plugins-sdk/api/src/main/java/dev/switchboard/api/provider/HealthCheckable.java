package dev.switchboard.api.provider;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An optional capability of a {@link ProviderInstance}: a cheap call that says whether the instance can serve
 * now, without billing tokens (the models list, a tags or version endpoint). Core runs it now and then for
 * every instance that implements it, and on an operator's demand ({@code switchboard:provider-test}); a failed
 * check counts against the instance's circuit breaker like a failed call, a passing one lets a half-open
 * circuit close without waiting for client traffic.
 *
 * <p>The same contract as {@code chat}: never blocks, the failure is a {@link ProviderException} with its
 * {@link ErrorCode} (as the stage's exception, never thrown), {@link CallContext#remaining()} bounds the call,
 * cancelling the stage aborts it. A check the upstream cannot answer (no such endpoint: {@code NOT_FOUND},
 * {@code BAD_REQUEST}) is taken as inconclusive, not as the instance being down.
 */
@ConsumerType
public interface HealthCheckable {

    /** One check now; completes with what the upstream said, or fails with a {@link ProviderException}. */
    CompletionStage<HealthCheckResult> check(CallContext context);
}
