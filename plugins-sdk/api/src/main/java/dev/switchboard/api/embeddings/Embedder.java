package dev.switchboard.api.embeddings;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Embeds a text through the gateway's own pipeline, for plugins that need a vector (the semantic cache) but must
 * not depend on core. Core registers it as an OSGi service. The call is the gateway's own system caller acting for
 * {@code tenant}: it is routed, admitted (quotas, per-key concurrency) and booked to that tenant like a client's
 * {@code POST /v1/embeddings} of {@code model}, so an operator sees and bounds what it costs.
 */
@ProviderType
public interface Embedder {

    /**
     * The vector of {@code text} by {@code model} (a model name the gateway routes, served by an instance that
     * declares embeddings). Never blocks; a refusal (unknown model, quota, no route) is a failed stage, never a throw.
     */
    CompletionStage<float[]> embed(String tenant, String model, String text);
}
