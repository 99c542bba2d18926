package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.util.List;

/**
 * The most a request may cost, for budgets to reserve before the call: the prompt estimate and the completion
 * limit ({@code max_tokens}, else the model's output limit, else {@link #UNBOUNDED_COMPLETION}) times {@code n}, at
 * the dearest catalog price among the routes it may be sent to (failover may pick any of them).
 */
final class MaxCost {

    /** What a request without max_tokens to a model without a known output limit is assumed to produce at most. */
    static final long UNBOUNDED_COMPLETION = 4096;

    private MaxCost() {
    }

    static BigDecimal ofChat(ChatRequest request, long promptTokens, List<Route> routes) {
        long choices = TokenEstimate.choices(request);
        BigDecimal max = BigDecimal.ZERO;
        for (int i = 0; i < routes.size(); i++) {
            ModelInfo model = routes.get(i).model();
            long completion = request.maxTokens() != null ? request.maxTokens()
                    : model.maxOutputTokens() > 0 ? model.maxOutputTokens() : UNBOUNDED_COMPLETION;
            BigDecimal cost = cost(model, promptTokens, completion * choices);
            if (cost.compareTo(max) > 0) {
                max = cost;
            }
        }
        return max;
    }

    /** For endpoints beyond chat: their token estimate at the dearest input price (images and audio not priced). */
    static BigDecimal ofTokens(long estimatedTokens, List<Route> routes) {
        BigDecimal max = BigDecimal.ZERO;
        for (int i = 0; i < routes.size(); i++) {
            BigDecimal cost = cost(routes.get(i).model(), estimatedTokens, 0);
            if (cost.compareTo(max) > 0) {
                max = cost;
            }
        }
        return max;
    }

    private static BigDecimal cost(ModelInfo model, long prompt, long completion) {
        try {
            return model.cost(prompt, completion);
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }
}
