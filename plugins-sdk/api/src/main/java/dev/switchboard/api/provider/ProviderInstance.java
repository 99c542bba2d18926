package dev.switchboard.api.provider;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One configured endpoint of a provider type. Calls never block the caller: {@link #chat} completes
 * its stage when the answer arrives; {@link #chatStream} pushes chunks to the subscriber as they arrive
 * and cancelling the subscription aborts the upstream call. A failure is a {@link ProviderException}
 * (as the stage's exception or via {@code onError}).
 */
@ConsumerType
public interface ProviderInstance extends AutoCloseable {

    InstanceConfig config();

    default String id() {
        return config().id();
    }

    /** The models this instance serves, with prices and limits. */
    default List<ModelInfo> models() {
        return config().models();
    }

    /** {@code request.model()} is already the upstream model id. */
    CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context);

    /**
     * Streams the answer. The provider calls {@code onSubscribe} first, then {@code onNext} for each
     * chunk (the subscriber requests {@code Long.MAX_VALUE}), then exactly one of {@code onComplete}
     * or {@code onError}.
     */
    void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber);

    /** Releases what the instance holds (connections it alone owns); in-flight calls may fail. */
    @Override
    void close();
}
