package dev.switchboard.api.responses;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} whose upstream has the Responses API itself ({@code POST /responses}):
 * core then forwards {@code /v1/responses} to it, and the answer, plain or streamed, reaches the client as the
 * upstream sent it. The contracts of {@code ProviderInstance#chat} and {@code #chatStream} hold (threading,
 * deadline, failures as {@code ProviderException}, exactly one terminal signal, cancel aborts the upstream).
 * A provider type whose instances differ (an OpenAI-compatible server configured to have it, or not) makes the
 * instances that have it of a class that implements this interface.
 */
@ConsumerType
public interface ResponsesCapable {

    CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, CallContext context);

    void respondStream(ResponsesRequest request, CallContext context, Flow.Subscriber<? super ResponsesEvent> subscriber);
}
