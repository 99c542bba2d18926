package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * The usage ledger as the pipeline sees it: one entry per answered request, handed over with a non-blocking
 * offer (the store's writer inserts it later, or counts it dropped when its queue is full). Absent until a
 * store binds: a node without one answers the same, without a ledger.
 */
final class LedgerBooking {

    private volatile UsageLedger ledger;

    void bind(UsageLedger bound) {
        ledger = bound;
    }

    void unbind(UsageLedger gone) {
        if (ledger == gone) {
            ledger = null;
        }
    }

    /** A chat answer. Never blocks and never throws into the request path. */
    void book(Admission admission, Route route, Usage usage, BigDecimal cost, long elapsedNanos) {
        book(admission.context().requestId(), admission.quotaRequest(), route, "chat", usage, 0, 0, cost,
                elapsedNanos);
    }

    /**
     * An answer of any endpoint ({@code endpoint}: {@code embeddings}, {@code images}, ...), with what it is
     * priced by besides tokens. Never blocks and never throws into the request path.
     */
    void book(String requestId, QuotaRequest request, Route route, String endpoint, Usage usage, long images,
              double audioSeconds, BigDecimal cost, long elapsedNanos) {
        UsageLedger current = ledger;
        if (current == null) {
            return;
        }
        try {
            current.append(new UsageEntry(requestId, System.currentTimeMillis(), request.tenant(), request.keyId(),
                    route.model().id(), route.providerType(), route.instanceId(), usage.promptTokens(),
                    usage.completionTokens(), usage.cachedPromptTokens(), usage.reasoningTokens(), cost,
                    TimeUnit.NANOSECONDS.toMillis(elapsedNanos), "ok", null, endpoint, images, audioSeconds));
        } catch (RuntimeException e) {
            // a store going away mid-call; the request has its answer either way
        }
    }
}
