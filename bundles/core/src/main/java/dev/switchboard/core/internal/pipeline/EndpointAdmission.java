package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.internal.routing.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A request of an endpoint beyond chat that passed admission (as {@link Admission} is for chat, without cache). */
record EndpointAdmission(List<Route> routes, QuotaRequest quotaRequest, List<QuotaStrategy> quotas,
                         CallContext context, long startNanos, KeyConcurrency.Permit permit,
                         CompletableFuture<Void> quotaWait) {
}
