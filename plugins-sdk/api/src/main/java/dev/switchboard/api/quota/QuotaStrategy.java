package dev.switchboard.api.quota;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A quota, rate limit or budget, registered as an OSGi service with the property {@value #NAME_PROPERTY}.
 * Every bound strategy must admit a request for it to proceed.
 *
 * <p>Life of a request as core drives it: {@link #checkAsync} once at admission; then exactly one of
 * {@link #record} (the request was answered: what it really used and cost; a budget settles its reservation to
 * this) or {@link #release} (it failed, was cancelled, was refused by another strategy, or was answered from
 * cache at no cost: give back what {@code checkAsync} held). Both may reach a strategy on any thread.
 *
 * <p>Keep the check cheap: it runs on every request. A strategy counting locally answers with a completed
 * stage (the default wraps {@link #check}); one that must ask the grid (an {@code exact} limit, a budget)
 * returns the grid's stage and core continues the request when it completes, on the grid's callback
 * threads, without holding a request thread meanwhile. Never block in either method.
 */
@ConsumerType
public interface QuotaStrategy {

    String NAME_PROPERTY = "switchboard.quota";

    String name();

    QuotaDecision check(QuotaRequest request);

    /**
     * The check without waiting. Core calls this one (since 1.1); the default answers {@link #check} at once.
     * A stage that fails is treated as a strategy failure: core admits and logs, so a strategy that must
     * fail closed completes with a denying decision instead.
     */
    default CompletionStage<QuotaDecision> checkAsync(QuotaRequest request) {
        return CompletableFuture.completedFuture(check(request));
    }

    /** Called once the request was answered, with what it really used (settles what {@link #checkAsync} held). */
    default void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
    }

    /** Called instead of {@link #record} when the request ended without an answer to bill: give back what was held. */
    default void release(QuotaRequest request) {
    }
}
