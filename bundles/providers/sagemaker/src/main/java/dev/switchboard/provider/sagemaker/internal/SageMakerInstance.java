package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.images.ImagesCapable;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoCapable;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.support.aws.AwsAuth;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.Deadlines;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;

/**
 * SageMaker Runtime endpoints of one region and account: a model of the catalog is an endpoint name.
 * {@code InvokeEndpoint} for chat, {@code InvokeEndpointWithResponseStream} for streamed chat, SigV4-signed
 * (service {@code sagemaker}); image and video endpoints through {@code InvokeEndpoint} with a body and answer
 * described by configuration ({@link SageMakerMedia}). Holds no connections of its own.
 */
final class SageMakerInstance implements ProviderInstance, ImagesCapable, VideoCapable {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    static final String SERVICE = "sagemaker";

    private static final AtomicLong IDS = new AtomicLong();

    private final InstanceConfig config;
    private final SageMakerSettings settings;
    private final AwsAuth auth;
    private final HttpClient client;
    private final Clock clock;
    private final String[] secrets;

    SageMakerInstance(InstanceConfig config, SageMakerSettings settings, AwsCredentials credentials, HttpClient client,
                      Clock clock) {
        this.config = config;
        this.settings = settings;
        this.auth = AwsAuth.sigV4(credentials, settings.region(), SERVICE, clock);
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
        SageMakerSettings.Format format = settings.format(request.model());
        byte[] body;
        try {
            notMedia(request.model(), format);
            body = SageMakerMapping.requestBody(request, format, false);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(UpstreamAnswer.unmappable(SageMakerErrors.PROVIDER, e));
        }
        return UpstreamAnswer.send(post(settings.operation(request.model(), "invocations"), body, "application/json", context),
                SageMakerErrors.PROVIDER, this::error, response -> {
                    String requestId = response.header("x-amzn-RequestId");
                    return SageMakerMapping.toResponse(response.body(), format,
                            requestId == null ? nextId() : requestId, request.model(), clock.millis() / 1000);
                });
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        SageMakerSettings.Format format = settings.format(request.model());
        SageMakerStream stream = new SageMakerStream(subscriber, format, request.model(), nextId(),
                UpstreamBuffers.of(client).maxEventBytes(), secrets);
        byte[] body;
        try {
            notMedia(request.model(), format);
            body = SageMakerMapping.requestBody(request, format, true);
        } catch (RuntimeException e) {
            stream.fail(UpstreamAnswer.unmappable(SageMakerErrors.PROVIDER, e));
            return;
        }
        stream.start(post(settings.operation(request.model(), "invocations-response-stream"), body, EVENT_STREAM, context)
                .header("X-Amzn-SageMaker-Accept", "text/event-stream")
                .idleTimeout(settings.streamIdleTimeout()), this::error);
    }

    /** {@code InvokeEndpoint} on an image endpoint; the answer's images as base64, in order. */
    @Override
    public CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context) {
        SageMakerMedia media = settings.media().get(request.model());
        if (media == null || settings.format(request.model()) != SageMakerSettings.Format.IMAGE) {
            return CompletableFuture.failedFuture(notAn("image", request.model()));
        }
        byte[] body = media.imageBody(request);
        return UpstreamAnswer.send(post(settings.operation(request.model(), "invocations"), body, "application/json", context),
                SageMakerErrors.PROVIDER, this::error, response -> {
                    String type = response.header("Content-Type");
                    List<String> images = type != null && type.startsWith("image/")
                            ? List.of(Base64.getEncoder().encodeToString(response.body()))
                            : media.base64(response.body());
                    return new ImageResponse(clock.millis() / 1000, SageMakerMedia.images(images), Usage.NONE);
                });
    }

    /** {@code InvokeEndpoint} on a video endpoint: the video as the body ({@code video/*}) or base64 in JSON. */
    @Override
    public CompletionStage<GeneratedVideo> generateVideo(VideoRequest request, CallContext context) {
        SageMakerMedia media = settings.media().get(request.model());
        if (media == null || settings.format(request.model()) != SageMakerSettings.Format.VIDEO) {
            return CompletableFuture.failedFuture(notAn("video", request.model()));
        }
        byte[] body = media.videoBody(request);
        return UpstreamAnswer.send(post(settings.operation(request.model(), "invocations"), body, "application/json", context),
                SageMakerErrors.PROVIDER, this::error, response -> {
                    String type = response.header("Content-Type");
                    boolean raw = type != null && type.startsWith("video/");
                    byte[] video = raw ? response.body() : SageMakerMedia.decode(media.base64(response.body()).get(0));
                    return new GeneratedVideo(ByteBuffer.wrap(video), raw ? type : "video/mp4", null,
                            request.seconds() == null ? 0 : request.seconds(), request.size());
                });
    }

    private static void notMedia(String endpoint, SageMakerSettings.Format format) {
        if (format.isMedia()) {
            throw new IllegalArgumentException("endpoint " + endpoint + " generates " + format.name().toLowerCase(
                    java.util.Locale.ROOT) + ", not chat");
        }
    }

    private static ProviderException notAn(String kind, String endpoint) {
        return new ProviderException(ErrorCode.BAD_REQUEST, SageMakerErrors.PROVIDER + ": endpoint " + endpoint
                + " is not configured as an " + kind + " endpoint (format." + endpoint + " = " + kind + ")", false,
                null, 0, null);
    }

    private ProviderException error(UpstreamResponse response) {
        return SageMakerErrors.fromResponse(response, secrets);
    }

    private JsonPost post(URI uri, byte[] body, String accept, CallContext context) {
        JsonPost post = JsonPost.to(client, uri, SageMakerErrors.PROVIDER)
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
        return "sagemaker-" + Long.toHexString(System.nanoTime()) + "-" + IDS.incrementAndGet();
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
