package dev.switchboard.api.selection;

import dev.switchboard.api.chat.ChatRequest;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Orders the candidates for a request, registered as an OSGi service with the property
 * {@value #NAME_PROPERTY}. Core tries them in the returned order, failing over on retryable errors.
 * Must not drop candidates it does not prefer: put them last instead.
 */
@ConsumerType
public interface SelectionStrategy {

    String NAME_PROPERTY = "switchboard.strategy";

    String name();

    List<Candidate> order(ChatRequest request, List<Candidate> candidates);

    /**
     * Orders the candidates for a request of an endpoint beyond chat (embeddings, images, audio, completions),
     * known by its model only. The default asks {@link #order(ChatRequest, List)} with a {@code null} request, so
     * a strategy that ranks by the candidates' stats, prices or weights ranks these too; one that needs the model
     * (a rotation per model) overrides this. A strategy that throws on a {@code null} request leaves the
     * candidates in registration order (core catches it).
     */
    default List<Candidate> order(String model, List<Candidate> candidates) {
        return order((ChatRequest) null, candidates);
    }
}
