package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.api.GatewayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every bound quota strategy, without waiting: a strategy that answers at once (every {@code local}
 * limit) is judged on the spot, on the request thread; one that must ask the grid (an {@code exact} limit, a
 * budget) hands back its stage, and the request goes on when the last of them answered, on the thread that
 * completed it (the grid's callback pool). A denial is a 429 in OpenAI's shape with Retry-After and
 * {@code x-ratelimit-*}; a strategy that throws or fails admits (a broken limiter must not take the gateway
 * down; a strategy that must fail closed answers with a denial instead).
 */
final class QuotaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaCheck.class);

    private QuotaCheck() {
    }

    /** Told of each denial (once per request): counted and published (quota.exceeded / rate-limit.exceeded). */
    @FunctionalInterface
    interface Denials {
        void denied(QuotaStrategy quota, QuotaRequest request, QuotaDecision decision);
    }

    /**
     * Null when every strategy admitted at once; a stage that completes when the waiting ones admitted, or
     * fails with the 429. Throws the 429 when one denied at once.
     */
    static CompletableFuture<Void> check(List<QuotaStrategy> quotas, QuotaRequest request, Denials onDenied) {
        List<CompletableFuture<QuotaDecision>> waiting = null;
        List<QuotaStrategy> waitingFor = null;
        for (int i = 0; i < quotas.size(); i++) {
            QuotaStrategy quota = quotas.get(i);
            CompletableFuture<QuotaDecision> stage = ask(quota, request);
            if (stage.isDone()) {
                QuotaDecision decision = decided(quota, stage);
                if (!decision.admitted()) {
                    onDenied.denied(quota, request, decision);
                    throw denied(decision);
                }
            } else {
                if (waiting == null) {
                    waiting = new ArrayList<>(2);
                    waitingFor = new ArrayList<>(2);
                }
                waiting.add(stage);
                waitingFor.add(quota);
            }
        }
        return waiting == null ? null : all(waiting, waitingFor, request, onDenied);
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<QuotaDecision>> waiting,
                                               List<QuotaStrategy> waitingFor, QuotaRequest request,
                                               Denials onDenied) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(waiting.size());
        for (int i = 0; i < waiting.size(); i++) {
            QuotaStrategy quota = waitingFor.get(i);
            CompletableFuture<QuotaDecision> stage = waiting.get(i);
            stage.whenComplete((decision, failure) -> {
                QuotaDecision judged = decided(quota, stage);
                if (!judged.admitted()) {
                    if (admitted.completeExceptionally(denied(judged))) {
                        onDenied.denied(quota, request, judged);
                    }
                } else if (left.decrementAndGet() == 0) {
                    admitted.complete(null);
                }
            });
        }
        return admitted;
    }

    private static CompletableFuture<QuotaDecision> ask(QuotaStrategy quota, QuotaRequest request) {
        try {
            CompletionStage<QuotaDecision> stage = quota.checkAsync(request);
            return stage == null ? CompletableFuture.completedFuture(QuotaDecision.ADMIT) : stage.toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The decision of a completed stage; a failed one (or none) admits, loudly. */
    private static QuotaDecision decided(QuotaStrategy quota, CompletableFuture<QuotaDecision> stage) {
        try {
            QuotaDecision decision = stage.join();
            return decision == null ? QuotaDecision.ADMIT : decision;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("Quota strategy '{}' failed; request admitted: {}", quota.name(), cause.toString());
            return QuotaDecision.ADMIT;
        }
    }

    /** A 429 in OpenAI's shape: Retry-After, and {@code x-ratelimit-*} for the dimension that was exceeded. */
    static GatewayException denied(QuotaDecision decision) {
        Duration retryAfter = decision.retryAfter() == null ? Duration.ofSeconds(1) : decision.retryAfter();
        Map<String, String> headers = new LinkedHashMap<>();
        String dimension = decision.dimension() == null ? "requests" : decision.dimension();
        if (decision.limit() >= 0) {
            headers.put("x-ratelimit-limit-" + dimension, Long.toString(decision.limit()));
            headers.put("x-ratelimit-remaining-" + dimension, Long.toString(Math.max(0, decision.remaining())));
        }
        headers.put("x-ratelimit-reset-" + dimension, resetText(retryAfter));
        String code = decision.code() == null ? "rate_limit_exceeded" : decision.code();
        String type = "insufficient_quota".equals(code) || "budget_exceeded".equals(code)
                ? "insufficient_quota" : "rate_limit_error";
        return new GatewayException(429, type, code, null,
                decision.reason() == null ? "Quota exceeded" : decision.reason(), retryAfter, headers);
    }

    /** The failure of a quota wait as the client's error: the 429 itself, or a gateway fault for anything else. */
    static GatewayException asGatewayException(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GatewayException gateway ? gateway : ErrorTranslation.gatewayFault();
    }

    /** OpenAI writes the reset as a duration: {@code 1s}, {@code 6m0s}, {@code 20ms}. */
    static String resetText(Duration retryAfter) {
        long millis = Math.max(0, retryAfter.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        return (hours > 0 ? hours + "h" : "") + (hours > 0 || minutes > 0 ? minutes + "m" : "") + rest + "s";
    }
}
