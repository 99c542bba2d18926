package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.Deadlines;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;

/**
 * One Bedrock Runtime endpoint (a region) and its credentials: {@code Converse} for chat, {@code ConverseStream}
 * for streamed chat, each request signed (SigV4, service {@code bedrock}) or sent with the Bedrock API key. Holds
 * no connections of its own: calls go through the shared client.
 */
final class BedrockInstance implements ProviderInstance {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private static final AtomicLong IDS = new AtomicLong();

    private final InstanceConfig config;
    private final BedrockSettings settings;
    private final BedrockAuth auth;
    private final HttpClient client;
    private final Clock clock;
    private final String[] secrets;

    BedrockInstance(InstanceConfig config, BedrockSettings settings, BedrockAuth auth, HttpClient client, Clock clock) {
        this.config = config;
        this.settings = settings;
        this.auth = auth;
        this.client = client;
        this.clock = clock;
        this.secrets = auth.secrets();
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        byte[] body;
        try {
            body = BedrockMapping.requestBody(request);
        } catch (RuntimeException e) {
            result.completeExceptionally(unmappable(e));
            return result;
        }
        CompletableFuture<UpstreamResponse> call = post(settings.operation(request.model(), "converse"), body,
                "application/json", context).send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else if (!response.isSuccess()) {
                result.completeExceptionally(BedrockErrors.fromResponse(response, secrets));
            } else {
                try {
                    String requestId = response.header("x-amzn-RequestId");
                    result.complete(BedrockMapping.toResponse(BedrockWire.readConverse(response.body()),
                            requestId == null ? nextId() : requestId, request.model(), clock.millis() / 1000));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, BedrockErrors.PROVIDER
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        // the caller giving up (client gone, deadline in core) must stop the upstream generation too
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        BedrockStream stream = new BedrockStream(subscriber, request.model(), nextId(),
                UpstreamBuffers.of(client).maxEventBytes(), secrets);
        byte[] body;
        try {
            body = BedrockMapping.requestBody(request);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(settings.operation(request.model(), "converse-stream"), body, EVENT_STREAM, context)
                .idleTimeout(settings.streamIdleTimeout()));
    }

    private JsonPost post(URI uri, byte[] body, String accept, CallContext context) {
        JsonPost post = JsonPost.to(client, uri, BedrockErrors.PROVIDER)
                .header("Accept", accept)
                .body(body)
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout());
        return auth.apply(post, uri, body);
    }

    private Duration timeout(CallContext context) {
        return Deadlines.timeout(context, settings.requestTimeout());
    }

    private static String nextId() {
        return "bedrock-" + Long.toHexString(System.nanoTime()) + "-" + IDS.incrementAndGet();
    }

    private static ProviderException unmappable(RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, BedrockErrors.PROVIDER + ": request cannot be sent: "
                + e.getMessage(), false, null, 0, null);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "BedrockInstance[" + config + ", region=" + settings.region() + "]";
    }
}
