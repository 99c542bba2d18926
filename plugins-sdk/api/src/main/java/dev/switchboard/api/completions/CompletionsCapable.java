package dev.switchboard.api.completions;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves the legacy {@code POST /v1/completions}. The contract of
 * {@code ProviderInstance#chat} holds.
 */
@ConsumerType
public interface CompletionsCapable {

    CompletionStage<TextCompletion> complete(CompletionRequest request, CallContext context);
}
