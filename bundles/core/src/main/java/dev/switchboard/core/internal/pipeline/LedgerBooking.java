package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * The usage ledger as the pipeline sees it: one entry per request that reached a provider or a cache (answered,
 * failed, or answered from cache), handed over with a non-blocking offer (the store's writer inserts it later, or counts it dropped when its queue is full). Absent until a
 * store binds: a node without one answers the same, without a ledger.
 */
final class LedgerBooking {

    /** The ledger's names of the cache levels, made once (not a lower-cased string per hit). */
    private static final String[] LEVEL_NAMES = levelNames();

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
                    TimeUnit.NANOSECONDS.toMillis(elapsedNanos), "ok", null, endpoint, images, audioSeconds,
                    request.project(), request.user(), request.session(), tags(request), null, null));
        } catch (RuntimeException e) {
            // a store going away mid-call; the request has its answer either way
        }
    }

    /**
     * A request that ended failed after its provider calls: {@code status} is the gateway's error code (what the
     * client got), the entry's error code the provider's ({@code RATE_LIMIT}, {@code TIMEOUT}, ...); no tokens,
     * no cost. Never blocks and never throws into the request path.
     */
    void failed(String requestId, QuotaRequest request, Route route, String endpoint, String status,
                ProviderException failure, long elapsedNanos) {
        UsageLedger current = ledger;
        if (current == null) {
            return;
        }
        try {
            current.append(new UsageEntry(requestId, System.currentTimeMillis(), request.tenant(), request.keyId(),
                    route.model().id(), route.providerType(), route.instanceId(), 0, 0, 0, 0, BigDecimal.ZERO,
                    TimeUnit.NANOSECONDS.toMillis(elapsedNanos), status, failure.code().name(), endpoint, 0, 0,
                    request.project(), request.user(), request.session(), tags(request), null, null));
        } catch (RuntimeException e) {
            // a store going away mid-call; the request has its error either way
        }
    }

    /**
     * A chat answered from cache at {@code level}: the cached answer's tokens, no cost, and {@code saved} what the
     * provider call would have cost. No provider or instance. Never blocks and never throws into the request path.
     */
    void cached(Admission admission, String model, Usage usage, CacheLevel level, BigDecimal saved,
                long elapsedNanos) {
        UsageLedger current = ledger;
        if (current == null) {
            return;
        }
        try {
            QuotaRequest request = admission.quotaRequest();
            current.append(new UsageEntry(admission.context().requestId(), System.currentTimeMillis(),
                    request.tenant(), request.keyId(), model, null, null, usage.promptTokens(),
                    usage.completionTokens(), usage.cachedPromptTokens(), usage.reasoningTokens(), BigDecimal.ZERO,
                    TimeUnit.NANOSECONDS.toMillis(elapsedNanos), "ok", null, "chat", 0, 0,
                    request.project(), request.user(), request.session(), tags(request),
                    LEVEL_NAMES[level.ordinal()], saved));
        } catch (RuntimeException e) {
            // a store going away mid-call; the request has its answer either way
        }
    }

    /** The request's tags as the ledger holds them: comma-separated, null when there are none. */
    private static String tags(QuotaRequest request) {
        return request.tags().isEmpty() ? null : String.join(",", request.tags());
    }

    private static String[] levelNames() {
        CacheLevel[] levels = CacheLevel.values();
        String[] names = new String[levels.length];
        for (CacheLevel level : levels) {
            names[level.ordinal()] = level.name().toLowerCase(java.util.Locale.ROOT);
        }
        return names;
    }
}
