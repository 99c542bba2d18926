package dev.switchboard.core.internal.cache;

import dev.switchboard.api.embeddings.Embedder;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Outcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The {@link Embedder} service core registers for plugins (the semantic cache): a text goes through the same
 * pipeline as a client's {@code POST /v1/embeddings}, as the gateway's own system caller acting for the tenant. So
 * routing, failover, the tenant's quotas and the ledger apply, and the cost is booked to the tenant whose request
 * caused it. Its key id is {@value #SYSTEM_KEY_ID}, a colon and the tenant: one per tenant, so the per-key
 * concurrency cap and key quotas count each tenant's embeddings apart (one tenant's flood cannot starve another's
 * lookups), and the ledger names them. It is not admin.
 */
public final class GatewayEmbedder implements Embedder {

    /** Starts the key id of the gateway's own calls; no client key can hold it (client ids are {@code key_...}). */
    public static final String SYSTEM_KEY_ID = "switchboard-system";
    static final String SYSTEM_KEY_NAME = "gateway system caller";

    private final BiFunction<Caller, EmbeddingsRequest, CompletionStage<Outcome<EmbeddingsResponse>>> embeddings;

    public GatewayEmbedder(
            BiFunction<Caller, EmbeddingsRequest, CompletionStage<Outcome<EmbeddingsResponse>>> embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public CompletionStage<float[]> embed(String tenant, String model, String text) {
        try {
            Caller system = new Caller(SYSTEM_KEY_ID + ":" + tenant, SYSTEM_KEY_NAME, tenant, false);
            EmbeddingsRequest request = new EmbeddingsRequest(model, List.of(text), null, null, Map.of());
            return embeddings.apply(system, request).thenApply(GatewayEmbedder::firstVector);
        } catch (RuntimeException e) {
            // admission refuses by throwing (unknown model, quota, ...); the contract is a failed stage
            return CompletableFuture.failedFuture(e);
        }
    }

    private static float[] firstVector(Outcome<EmbeddingsResponse> outcome) {
        List<float[]> vectors = outcome.response().vectors();
        if (vectors.isEmpty()) {
            throw new IllegalStateException("the embeddings answer held no vector");
        }
        return vectors.get(0);
    }
}
