package dev.switchboard.api.embeddings;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves {@code POST /v1/embeddings}; core routes embeddings only
 * to instances that implement it. The contract of {@code ProviderInstance#chat} holds: never block, fail with a
 * {@code ProviderException}, hand {@code CallContext#remaining()} to the upstream, abort it on cancel.
 */
@ConsumerType
public interface EmbeddingsCapable {

    /** {@code request.model()} is already the upstream model id. */
    CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context);
}
