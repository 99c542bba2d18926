package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoCapable;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

/** {@code /v1/videos} through the pipeline: only {@link VideoCapable} instances, only models with the VIDEO modality. */
public class VideoEndpointTest {

    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);
    private static final ModelInfo VIDEO = ModelInfo.parse("clip=0/0;modalities=text+video;video.second=0.05");
    private static final ModelInfo TEXT = ModelInfo.parse("clip-text=0/0");

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final AtomicInteger plainCalls = new AtomicInteger();
    private final AtomicInteger videoCalls = new AtomicInteger();
    private Pipeline pipeline;

    @Before
    public void setUp() {
        registry.addProvider(new Provider("plain", false));
        registry.addProvider(new Provider("video", true));
        pipeline = new Pipeline(registry, List::of, List::of, List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin", 2));
    }

    @Test
    public void videosGoOnlyToVideoCapableInstances() {
        Outcome<GeneratedVideo> outcome = pipeline.call(CALLER, VideoEndpoint.INSTANCE,
                new VideoRequest("clip", "a wave", 4, "1280x720", null, null, Map.of()))
                .toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(outcome.instanceId()).isEqualTo("video-a");
        assertThat(outcome.response().length()).isEqualTo(3);
        assertThat(plainCalls).hasValue(0);
        assertThat(videoCalls).hasValue(1);
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.20"); // 4 s made x 0.05
    }

    @Test
    public void aVideoWhoseLengthTheUpstreamDoesNotSayIsPricedByTheSecondsAsked() {
        VideoRequest asked = new VideoRequest("clip", "a wave", 6, null, null, null, Map.of());
        GeneratedVideo unsaid = new GeneratedVideo(ByteBuffer.wrap(new byte[] {1}), null, null, 0, null);
        ModelInfo priced = ModelInfo.parse("clip=2/0;modalities=text+video;video.second=0.05");

        assertThat(VideoEndpoint.INSTANCE.cost(priced, asked, unsaid, VideoEndpoint.INSTANCE.usage(asked, unsaid)))
                .isEqualByComparingTo(priced.cost(TokenEstimate.ofText("a wave"), 0).add(new BigDecimal("0.30")));
        assertThat(VideoEndpoint.INSTANCE.cost(priced, new VideoRequest("clip", "a wave", null, null, null, null,
                Map.of()), unsaid, new dev.switchboard.api.chat.Usage(0, 0))).isEqualByComparingTo("0");
    }

    @Test
    public void aModelWithoutTheVideoModalityIs400BeforeAnyCall() {
        assertThatThrownBy(() -> pipeline.call(CALLER, VideoEndpoint.INSTANCE,
                new VideoRequest("clip-text", "a wave", null, null, null, null, Map.of())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("video");
                });
        assertThat(videoCalls).hasValue(0);
    }

    private final class Provider implements ModelProvider {
        private final String type;
        private final boolean video;

        Provider(String type, boolean video) {
            this.type = type;
            this.video = video;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.CHAT);
        }

        @Override
        public List<InstanceConfig> configuredInstances() {
            return List.of(new InstanceConfig(type + "-a", type, null, null, List.of(VIDEO, TEXT), 1, Map.of()));
        }

        @Override
        public ProviderInstance createInstance(InstanceConfig config) {
            return video ? new VideoInstance(config) : new PlainInstance(config);
        }
    }

    private class PlainInstance implements ProviderInstance {
        private final InstanceConfig config;

        PlainInstance(InstanceConfig config) {
            this.config = config;
        }

        @Override
        public InstanceConfig config() {
            return config;
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
            plainCalls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("not for chat"));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private final class VideoInstance extends PlainInstance implements VideoCapable {
        VideoInstance(InstanceConfig config) {
            super(config);
        }

        @Override
        public CompletionStage<GeneratedVideo> generateVideo(VideoRequest request, CallContext context) {
            videoCalls.incrementAndGet();
            return CompletableFuture.completedFuture(new GeneratedVideo(ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    "video/mp4", null, 4, "1280x720"));
        }
    }
}
