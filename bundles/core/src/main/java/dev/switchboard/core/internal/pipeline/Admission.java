package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.internal.cache.CachePolicy;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.core.internal.routing.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A request that passed validation and quotas: the routes to try in order, and the snapshots of the
 * plugins it was admitted with, so accounting and cache stores reach the same ones even if bundles
 * come or go meanwhile. {@code cache} is null when the request neither reads nor fills the caches. {@code permit} is the
 * key's concurrency slot: every end of the request (answer, failure, cancel) releases it. {@code modelRoute} is the
 * alias the request named ({@code route.<alias>}), null for a plain model. {@code quotaWait} is null when every
 * quota answered at once; else the request goes on when it completes (it fails with the 429 of a denial).
 * {@code settings}: the gateway's, or with the alias's own retry policy.
 */
record Admission(ChatRequest clientRequest, ChatRequest upstreamRequest, List<Route> routes,
                 QuotaRequest quotaRequest, List<QuotaStrategy> quotas, CachePolicy.Decision cache,
                 List<ResponseCache> caches, CallContext context, long startNanos, KeyConcurrency.Permit permit,
                 ModelRoute modelRoute, CompletableFuture<Void> quotaWait, PipelineSettings settings) {

    /** The length of this request's deadline: its route's {@code timeout.ms}, else {@code request.timeout.ms}. */
    long timeoutMillis(PipelineSettings settings) {
        return modelRoute != null && modelRoute.timeoutMillis() > 0 ? modelRoute.timeoutMillis()
                : settings.requestTimeoutMillis();
    }

    /** The key the caches are asked and filled under; null when the request is not cached. */
    CacheKey cacheKey() {
        return cache == null ? null : cache.key();
    }
}
