package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A quota named {@code recording} that admits every request and keeps, in order, what core asked it
 * ({@code checked}) and what it told it after the answer ({@code recorded}, with the cost in {@code costs}).
 */
final class RecordingQuota implements QuotaStrategy {

    final List<QuotaRequest> checked = new CopyOnWriteArrayList<>();
    final List<QuotaRequest> recorded = new CopyOnWriteArrayList<>();
    final List<BigDecimal> costs = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public QuotaDecision check(QuotaRequest request) {
        checked.add(request);
        return QuotaDecision.ADMIT;
    }

    @Override
    public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
        recorded.add(request);
        costs.add(costUsd);
    }
}
