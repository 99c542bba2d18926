package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsAuth;
import dev.switchboard.support.aws.AwsCall;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.Deadlines;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    private final AwsAuth auth;
    private final HttpClient client;
    private final Clock clock;
    private final String[] secrets;

    BedrockInstance(InstanceConfig config, BedrockSettings settings, AwsAuth auth, HttpClient client, Clock clock) {
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
        byte[] body;
        try {
            body = BedrockMapping.requestBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AwsCall.unmappable(BedrockErrors.PROVIDER, e));
        }
        return AwsCall.send(post(settings.operation(request.model(), "converse"), body, "application/json", context),
                BedrockErrors.PROVIDER, this::error, response -> {
                    String requestId = response.header("x-amzn-RequestId");
                    return BedrockMapping.toResponse(BedrockWire.readConverse(response.body()),
                            requestId == null ? nextId() : requestId, request.model(), clock.millis() / 1000);
                });
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        BedrockStream stream = new BedrockStream(subscriber, request.model(), nextId(),
                UpstreamBuffers.of(client).maxEventBytes(), secrets);
        byte[] body;
        try {
            body = BedrockMapping.requestBody(request);
        } catch (RuntimeException e) {
            stream.fail(AwsCall.unmappable(BedrockErrors.PROVIDER, e));
            return;
        }
        stream.start(post(settings.operation(request.model(), "converse-stream"), body, EVENT_STREAM, context)
                .idleTimeout(settings.streamIdleTimeout()), this::error);
    }

    private ProviderException error(UpstreamResponse response) {
        return BedrockErrors.fromResponse(response, secrets);
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

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "BedrockInstance[" + config + ", region=" + settings.region() + "]";
    }
}
