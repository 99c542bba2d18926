package dev.switchboard.api.quota;

import java.util.List;

/**
 * The dimensions of a request a quota strategy judges: who sends it (key id, tenant, and within the tenant the
 * project, end user, session and tags, each null or empty when the request has none), what for (model), and how
 * large it is expected to be.
 */
public record QuotaRequest(String keyId, String tenant, String model, long estimatedTokens, String project,
                           String user, String session, List<String> tags) {

    public QuotaRequest {
        tags = tags == null ? List.of() : tags;
    }

    /** A request known by key and tenant only. */
    public QuotaRequest(String keyId, String tenant, String model, long estimatedTokens) {
        this(keyId, tenant, model, estimatedTokens, null, null, null, List.of());
    }
}
