package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsAuth;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bedrock Runtime endpoint (a region) and its credentials: {@code Converse} for chat, {@code ConverseStream}
 * for streamed chat (or, for models configured so, {@code InvokeModel} / {@code InvokeModelWithResponseStream} with
 * the model family's own body: {@link BedrockInvoke}), each request signed (SigV4, service {@code bedrock}) or sent with the Bedrock API key. Holds
 * no connections of its own: calls go through the shared client.
 */
final class BedrockInstance implements ProviderInstance {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private static final AtomicLong IDS = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(BedrockInstance.class);

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
        BedrockInvoke.Family family;
        try {
            family = settings.invokeFamily(request.model());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(UpstreamAnswer.unmappable(BedrockErrors.PROVIDER, e));
        }
        if (family != null) {
            return invoke(family, request, context);
        }
        byte[] body;
        try {
            body = BedrockMapping.requestBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(UpstreamAnswer.unmappable(BedrockErrors.PROVIDER, e));
        }
        return UpstreamAnswer.send(post(settings.operation(request.model(), "converse"), body, "application/json", context),
                BedrockErrors.PROVIDER, this::error, response -> {
                    String requestId = response.header("x-amzn-RequestId");
                    return BedrockMapping.toResponse(BedrockWire.readConverse(response.body()),
                            requestId == null ? nextId() : requestId, request.model(), clock.millis() / 1000,
                            BedrockMapping.structuredOutput(request) != null);
                });
    }

    /** InvokeModel with the model family's own body, for models Converse does not serve as wanted. */
    private CompletionStage<ChatResponse> invoke(BedrockInvoke.Family family, ChatRequest request,
                                                 CallContext context) {
        byte[] body;
        try {
            body = invokeBody(family, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(UpstreamAnswer.unmappable(BedrockErrors.PROVIDER, e));
        }
        return UpstreamAnswer.send(post(settings.operation(request.model(), "invoke"), body, "application/json", context),
                BedrockErrors.PROVIDER, this::error, response -> {
                    String requestId = response.header("x-amzn-RequestId");
                    return BedrockInvoke.toResponse(family, response.body(), requestId == null ? nextId() : requestId,
                            request.model(), clock.millis() / 1000, BedrockMapping.structuredOutput(request) != null);
                });
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        BedrockInvoke.Family family;
        try {
            family = settings.invokeFamily(request.model());
        } catch (RuntimeException e) {
            new BedrockStream(subscriber, request.model(), nextId(), 1024, secrets)
                    .fail(UpstreamAnswer.unmappable(BedrockErrors.PROVIDER, e));
            return;
        }
        int maxEventBytes = UpstreamBuffers.of(client).maxEventBytes();
        boolean structured = BedrockMapping.structuredOutput(request) != null;
        BedrockStream stream = family == null
                ? new BedrockStream(subscriber, request.model(), nextId(), maxEventBytes, structured, secrets)
                : new BedrockInvokeStream(subscriber, family, request.model(), nextId(), maxEventBytes, structured,
                        secrets);
        byte[] body;
        try {
            body = family == null ? BedrockMapping.requestBody(request) : invokeBody(family, request);
        } catch (RuntimeException e) {
            stream.fail(UpstreamAnswer.unmappable(BedrockErrors.PROVIDER, e));
            return;
        }
        String operation = family == null ? "converse-stream" : "invoke-with-response-stream";
        stream.start(post(settings.operation(request.model(), operation), body, EVENT_STREAM, context)
                .idleTimeout(settings.streamIdleTimeout()), this::error);
    }

    /** The body; what the mapping dropped or changed to suit the model is logged at DEBUG, never the content. */
    private byte[] invokeBody(BedrockInvoke.Family family, ChatRequest request) {
        return BedrockInvoke.requestBody(family, request, settings.maxTokensFor(request.model()),
                note -> LOG.debug("{} instance {}: {}", BedrockErrors.PROVIDER, config.id(), note));
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
