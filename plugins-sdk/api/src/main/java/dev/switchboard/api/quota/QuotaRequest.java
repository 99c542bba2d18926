package dev.switchboard.api.quota;

import java.math.BigDecimal;
import java.util.List;

/**
 * The dimensions of a request a quota strategy judges: who sends it (key id, tenant, and within the tenant the
 * project, end user, session and tags, each null or empty when the request has none), what for (model;
 * {@code provider}: the provider type of the route tried first), how large it is expected to be
 * ({@code estimatedTokens}: prompt estimate + max_tokens x n) and what it may cost at most ({@code maxCostUsd}:
 * the same tokens at the dearest catalog price among the request's routes; zero when no route has a price).
 * {@code requestId} is unique per request: a strategy that holds something for the request between
 * {@link QuotaStrategy#checkAsync} and {@link QuotaStrategy#record} / {@link QuotaStrategy#release} (a budget
 * reservation) keys it by this id, so a retried operation is recognised. Fields unknown to the caller are null
 * (strings), zero or empty.
 */
public record QuotaRequest(String keyId, String tenant, String model, long estimatedTokens, String requestId,
                           String project, String user, String session, String provider, BigDecimal maxCostUsd,
                           List<String> tags) {

    public QuotaRequest {
        maxCostUsd = maxCostUsd == null || maxCostUsd.signum() < 0 ? BigDecimal.ZERO : maxCostUsd;
        tags = tags == null ? List.of() : tags;
    }

    /** Without tags. */
    public QuotaRequest(String keyId, String tenant, String model, long estimatedTokens, String requestId,
                        String project, String user, String session, String provider, BigDecimal maxCostUsd) {
        this(keyId, tenant, model, estimatedTokens, requestId, project, user, session, provider, maxCostUsd,
                List.of());
    }

    /** With the request context but no request id or cost estimate. */
    public QuotaRequest(String keyId, String tenant, String model, long estimatedTokens, String project,
                        String user, String session, List<String> tags) {
        this(keyId, tenant, model, estimatedTokens, null, project, user, session, null, BigDecimal.ZERO, tags);
    }

    /** The 1.0 form: no request id, context or cost estimate. */
    public QuotaRequest(String keyId, String tenant, String model, long estimatedTokens) {
        this(keyId, tenant, model, estimatedTokens, null, null, null, null, null, BigDecimal.ZERO, List.of());
    }
}
