package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request holds from admission to its end: the key's concurrency slot and whatever the quota strategies
 * hold for it (a budget's reservation). It is the request's {@link KeyConcurrency.Permit}, so every end path that
 * already gives the slot back (answer, failure, cancel, cache hit, refusal further on) also ends the quotas: a
 * {@link #settle} books what the answer used (QuotaStrategy.record); a release without one gives back what was
 * held (QuotaStrategy.release). Each happens once, whichever end comes first; settle before release on success
 * (callers settle first), so a budget never sees its reservation gone before the actual cost arrives.
 */
final class QuotaHold extends KeyConcurrency.Permit {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaHold.class);
    private static final AtomicIntegerFieldUpdater<QuotaHold> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(QuotaHold.class, "ended");

    private final KeyConcurrency.Permit slot;
    private final QuotaRequest request;
    private final List<QuotaStrategy> quotas;
    private volatile int ended;

    QuotaHold(KeyConcurrency.Permit slot, QuotaRequest request, List<QuotaStrategy> quotas) {
        this.slot = slot;
        this.request = request;
        this.quotas = quotas;
    }

    QuotaRequest request() {
        return request;
    }

    List<QuotaStrategy> quotas() {
        return quotas;
    }

    /** The request was answered: every strategy books what it used. */
    void settle(Usage usage, BigDecimal cost) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        for (QuotaStrategy quota : quotas) {
            try {
                quota.record(request, usage, cost);
            } catch (RuntimeException e) {
                LOG.warn("Quota strategy '{}' failed to record usage: {}", quota.name(), e.toString());
            }
        }
    }

    @Override
    void release() {
        slot.release();
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        for (QuotaStrategy quota : quotas) {
            try {
                quota.release(request);
            } catch (RuntimeException e) {
                LOG.warn("Quota strategy '{}' failed to release: {}", quota.name(), e.toString());
            }
        }
    }
}
