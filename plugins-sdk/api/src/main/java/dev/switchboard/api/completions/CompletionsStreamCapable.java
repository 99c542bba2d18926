package dev.switchboard.api.completions;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that streams legacy completions ({@code POST /v1/completions} with
 * {@code stream: true}); core routes such a request only to instances that implement it. The contract of
 * {@code ProviderInstance#chatStream} holds: {@code onSubscribe}, chunks as they arrive, the chunk with the
 * usage last when the upstream reports it, exactly one terminal signal; cancel aborts the upstream.
 */
@ConsumerType
public interface CompletionsStreamCapable extends CompletionsCapable {

    void completeStream(CompletionRequest request, CallContext context,
                        Flow.Subscriber<? super CompletionChunk> subscriber);
}
