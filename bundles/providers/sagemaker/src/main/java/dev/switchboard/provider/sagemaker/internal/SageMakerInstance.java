package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.SigV4Signer;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.Deadlines;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;

/**
 * SageMaker Runtime endpoints of one region and account: a model of the catalog is an endpoint name.
 * {@code InvokeEndpoint} for chat, {@code InvokeEndpointWithResponseStream} for streamed chat, SigV4-signed
 * (service {@code sagemaker}). Holds no connections of its own.
 */
final class SageMakerInstance implements ProviderInstance {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    static final String SERVICE = "sagemaker";

    private static final AtomicLong IDS = new AtomicLong();

    private final InstanceConfig config;
    private final SageMakerSettings settings;
    private final AwsCredentials credentials;
    private final SigV4Signer signer;
    private final HttpClient client;
    private final Clock clock;
    private final String[] secrets;

    SageMakerInstance(InstanceConfig config, SageMakerSettings settings, AwsCredentials credentials, HttpClient client,
                      Clock clock) {
        this.config = config;
        this.settings = settings;
        this.credentials = credentials;
        this.signer = SigV4Signer.of(settings.region(), SERVICE);
        this.client = client;
        this.clock = clock;
        this.secrets = credentials.sessionToken() == null ? new String[] {credentials.secretAccessKey()}
                : new String[] {credentials.secretAccessKey(), credentials.sessionToken()};
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        SageMakerSettings.Format format = settings.format(request.model());
        byte[] body;
        try {
            body = SageMakerMapping.requestBody(request, format, false);
        } catch (RuntimeException e) {
            result.completeExceptionally(unmappable(e));
            return result;
        }
        CompletableFuture<UpstreamResponse> call = post(settings.operation(request.model(), "invocations"), body,
                "application/json", context).send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else if (!response.isSuccess()) {
                result.completeExceptionally(SageMakerErrors.fromResponse(response, secrets));
            } else {
                try {
                    String requestId = response.header("x-amzn-RequestId");
                    result.complete(SageMakerMapping.toResponse(response.body(), format,
                            requestId == null ? nextId() : requestId, request.model(), clock.millis() / 1000));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, SageMakerErrors.PROVIDER
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        SageMakerSettings.Format format = settings.format(request.model());
        SageMakerStream stream = new SageMakerStream(subscriber, format, request.model(), nextId(),
                UpstreamBuffers.of(client).maxEventBytes(), secrets);
        byte[] body;
        try {
            body = SageMakerMapping.requestBody(request, format, true);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(settings.operation(request.model(), "invocations-response-stream"), body, EVENT_STREAM, context)
                .header("X-Amzn-SageMaker-Accept", "text/event-stream")
                .idleTimeout(settings.streamIdleTimeout()));
    }

    private JsonPost post(URI uri, byte[] body, String accept, CallContext context) {
        JsonPost post = JsonPost.to(client, uri, SageMakerErrors.PROVIDER)
                .header("Accept", accept)
                .body(body)
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout());
        signer.sign(credentials, clock.instant(), "POST", uri, List.of(), body).forEachHeader(post::header);
        return post;
    }

    private Duration timeout(CallContext context) {
        return Deadlines.timeout(context, settings.requestTimeout());
    }

    private static String nextId() {
        return "sagemaker-" + Long.toHexString(System.nanoTime()) + "-" + IDS.incrementAndGet();
    }

    private static ProviderException unmappable(RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, SageMakerErrors.PROVIDER + ": request cannot be sent: "
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
        return "SageMakerInstance[" + config + ", region=" + settings.region() + "]";
    }
}
