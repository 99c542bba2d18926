package dev.switchboard.api.provider;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One configured endpoint of a provider type. The contract (the SDK's test kit checks it):
 * <ul>
 *   <li><b>Threading.</b> Core calls {@link #chat} and {@link #chatStream} from any thread, concurrently, for
 *       many requests at once. They never block the caller: no waiting on the network, no lock held across a
 *       call. The stage may complete, and chunks may be pushed, on the caller's thread (an in-process answer)
 *       or on a thread of the provider's I/O (never a thread the provider parks per call).</li>
 *   <li><b>Deadline.</b> {@link CallContext#deadline()} is the request's deadline, and core enforces it for
 *       every call: past it, core cancels the stage or the subscription and answers the client 504. A provider
 *       that calls a network should hand the remaining time ({@link CallContext#remaining()}) to its upstream,
 *       so the upstream stops generating and the failure is a {@code TIMEOUT}; one that answers in-process may
 *       ignore it.</li>
 *   <li><b>Failures.</b> A failure is a {@link ProviderException} with the {@link ErrorCode} that says what to do
 *       about it, as the stage's exception or through {@code onError}, never thrown from {@code chat} or
 *       {@code chatStream}. Any other exception is taken for a bug in the provider ({@code INTERNAL}).</li>
 *   <li><b>Cancellation.</b> Cancelling the stage or the subscription aborts the upstream call (an HTTP
 *       request is aborted and its connection closed, so the provider stops billing); nothing is signalled
 *       after it.</li>
 * </ul>
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
     * Streams the answer. The provider calls {@code onSubscribe} first, then {@code onNext} for each chunk as it
     * arrives, then exactly one of {@code onComplete} or {@code onError}, and nothing after it. Chunks come in
     * this order: the role ({@code assistant}) first, then content (and extension deltas such as
     * {@code tool_calls}), then one chunk with the finish reason, then, last, a usage-only chunk
     * ({@link ChatChunk#isUsageOnly()}) when the upstream reports usage (core always wants it to account tokens
     * and hides it from clients that did not ask). Core requests {@code Long.MAX_VALUE}; a provider must still
     * honour smaller demand, cancellation and Reactive Streams rule 3.9, which {@code ChunkStream} in the
     * support bundle does for it. The subscriber must not block in {@code onNext}.
     */
    void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber);

    /**
     * Releases what the instance holds (connections or timers it alone owns). Core first takes the instance out
     * of routing, then closes it, so new calls do not arrive; a call still in flight may complete or fail with a
     * retryable {@code UNAVAILABLE} (core fails it over), but must not be left hanging. A call made after
     * {@code close} fails with {@code UNAVAILABLE}. Idempotent.
     */
    @Override
    void close();
}
