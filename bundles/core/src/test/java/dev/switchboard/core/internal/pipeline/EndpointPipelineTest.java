package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.CompletionsStreamCapable;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.core.api.PieceListener;

import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionCapable;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.store.UsageEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.audio.SpeechCapable;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.GeneratedImage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.images.ImagesCapable;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.api.AudioListener;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

/** Endpoints beyond chat go through the same admission, failover and accounting as chat, to capable instances only. */
public class EndpointPipelineTest {

    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);
    private static final ModelInfo EMBED = ModelInfo.text("embed", "0.10", "0", 100);
    private static final ModelInfo IMAGE = ModelInfo.parse("img=0/0;image=0.04;modalities=text+image");
    private static final ModelInfo TEXT_ONLY_IMAGE = ModelInfo.parse("img-text=0/0;image=0.04");
    private static final ModelInfo TTS = ModelInfo.parse("tts=60/0;modalities=text+audio");
    private static final ModelInfo CHAT = ModelInfo.parse("chat=1/2/1000;max.output=100");

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final List<QuotaStrategy> quotas = new ArrayList<>();
    private final RecordingQuota quota = new RecordingQuota();
    private final List<QuotaRequest> quotaChecks = quota.checked;
    private final List<BigDecimal> recordedCosts = quota.costs;
    private Pipeline pipeline;
    private Provider capable;
    private Provider chatOnly;

    @Before
    public void setUp() {
        capable = new Provider("capable", true);
        chatOnly = new Provider("plain", false);
        chatOnly.instance("plain-a", EMBED, CHAT);
        capable.instance("cap-a", EMBED, IMAGE, TEXT_ONLY_IMAGE, TTS, CHAT);
        capable.instance("cap-b", EMBED);
        registry.addProvider(chatOnly);
        registry.addProvider(capable);
        quotas.add(quota);
        pipeline = new Pipeline(registry, List::of, () -> List.copyOf(quotas), List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin", 2));
    }

    private <R> Outcome<R> join(CompletionStage<Outcome<R>> stage) {
        return stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static EmbeddingsRequest embed(String model, String... texts) {
        return new EmbeddingsRequest(model, List.of(texts), null, null, Map.of());
    }

    @Test
    public void embeddingsGoOnlyToInstancesThatImplementTheCapabilityAndAreAccountedLikeChat() {
        Outcome<EmbeddingsResponse> outcome = join(pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("embed", "hello")));

        assertThat(outcome.instanceId()).as("plain-a serves the model but cannot embed").startsWith("cap-");
        assertThat(chatOnly.calls).hasValue(0);
        // 1000 reported prompt tokens at $0.10/M
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.0001");
        assertThat(recordedCosts).hasSize(1);
        assertThat(quotaChecks).extracting(QuotaRequest::estimatedTokens).containsExactly(2L);
        var row = metrics.report().rows().stream().filter(r -> r.instanceId().equals(outcome.instanceId())
                && r.model().equals("embed")).findFirst().orElseThrow();
        assertThat(row.requests()).isEqualTo(1);
    }

    @Test
    public void aFailedEmbeddingsCallFailsOverToTheNextCapableInstance() {
        capable.failures.add(new ProviderException(ErrorCode.UNAVAILABLE, "down"));

        Outcome<EmbeddingsResponse> outcome = join(pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("embed", "x")));

        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(capable.calls).hasValue(2);
    }

    @Test
    public void aModelNoCapableInstanceServesIs400AndUnknownIs404BeforeAnyCall() {
        registry.removeProvider(capable);

        assertThatThrownBy(() -> pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("embed", "x")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("/v1/embeddings");
                });
        assertThatThrownBy(() -> pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("nope", "x")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(chatOnly.calls).hasValue(0);
        assertThat(pipeline.inFlight("key_1")).as("no slot kept").isZero();
    }

    @Test
    public void imagesArePricedPerImageAndNeedTheImageModality() {
        capable.images = 3;
        Outcome<ImageResponse> outcome = join(pipeline.call(CALLER, Endpoints.IMAGES,
                new ImageRequest("img", "a cat", 3, null, null, null, null, Map.of())));
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.12");

        assertThatThrownBy(() -> pipeline.call(CALLER, Endpoints.IMAGES,
                new ImageRequest("img-text", "a cat", 1, null, null, null, null, Map.of())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("does not accept image");
                });
    }

    @Test
    public void anInputLongerThanTheContextWindowIs400BeforeAnyCall() {
        String longText = "x".repeat(4 * 101);
        assertThatThrownBy(() -> pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("embed", longText)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("context_length_exceeded");
                });
        assertThat(capable.calls).hasValue(0);
        assertThat(quotaChecks).as("refused before quotas count it").isEmpty();
    }

    @Test
    public void aChatRequestThatCannotFitTheModelIs400BeforeAnyCall() {
        ChatRequest tooLong = ChatRequest.builder("chat", List.of(ChatMessage.of("user", "x".repeat(4 * 950))))
                .maxTokens(60).build();
        assertThatThrownBy(() -> pipeline.chat(CALLER, tooLong))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("context_length_exceeded");
                });
        ChatRequest tooMuchOutput = ChatRequest.builder("chat", List.of(ChatMessage.of("user", "hi")))
                .maxTokens(101).build();
        assertThatThrownBy(() -> pipeline.chat(CALLER, tooMuchOutput))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
        ChatRequest image = ChatRequest.builder("chat", List.of(new ChatMessage("user", "look", null,
                Map.of("content", List.of(Map.of("type", "image_url", "image_url", Map.of("url", "http://x")))))))
                .build();
        assertThatThrownBy(() -> pipeline.chat(CALLER, image))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage())
                        .contains("does not accept image"));
        assertThat(capable.calls.get() + chatOnly.calls.get()).isZero();

        ChatRequest fits = ChatRequest.builder("chat", List.of(ChatMessage.of("user", "hi"))).maxTokens(100).build();
        assertThat(pipeline.chat(CALLER, fits).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join()
                .response().firstContent()).isEqualTo("ok");
    }

    @Test
    public void speechStreamsEachPieceAndIsAccountedWhenItEnds() {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<BigDecimal> done = new CompletableFuture<>();
        pipeline.speech(CALLER, new SpeechRequest("tts", "x".repeat(400), "alloy", null, null, Map.of()),
                audio(done, events));

        // 100 estimated input tokens at $60/M
        assertThat(done.orTimeout(5, TimeUnit.SECONDS).join()).isEqualByComparingTo("0.006");
        assertThat(events).containsExactly("start:cap-a", "audio:3", "audio:2");
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void anEndpointBeyondChatIsBookedUnderTheIdItWasGiven() {
        RecordingLedger ledger = new RecordingLedger();
        pipeline.ledger(ledger);
        List<UsageEntry> booked = ledger.booked;
        join(pipeline.call(CALLER, "req_00000000000abbbbbbbbbbbb", Endpoints.EMBEDDINGS, embed("embed", "hello")));
        CompletableFuture<BigDecimal> spoken = new CompletableFuture<>();
        pipeline.speech(CALLER, "req_00000000000bbbbbbbbbbbbb",
                new SpeechRequest("tts", "x".repeat(400), "alloy", null, null, Map.of()),
                audio(spoken, new ArrayList<>()));
        spoken.orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(booked).extracting(UsageEntry::requestId)
                .containsExactly("req_00000000000abbbbbbbbbbbb", "req_00000000000bbbbbbbbbbbbb");
    }

    @Test
    public void everyEndpointIsBookedInTheUsageLedgerWithItsImagesAndAudioSeconds() {
        RecordingLedger ledger = new RecordingLedger();
        pipeline.ledger(ledger);
        List<UsageEntry> booked = ledger.booked;
        capable.images = 2;
        join(pipeline.call(CALLER, Endpoints.EMBEDDINGS, embed("embed", "hello")));
        join(pipeline.call(CALLER, Endpoints.IMAGES, new ImageRequest("img", "a cat", 2, null, null, null, null,
                Map.of())));
        join(pipeline.call(CALLER, Endpoints.TRANSCRIPTION, new TranscriptionRequest("tts", new byte[] {1, 2},
                "a.mp3", null, null, null, null, null, true, Map.of())));
        CompletableFuture<BigDecimal> spoken = new CompletableFuture<>();
        pipeline.speech(CALLER, new SpeechRequest("tts", "x".repeat(400), "alloy", null, null, Map.of()),
                audio(spoken, new ArrayList<>()));
        spoken.orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(booked).extracting(UsageEntry::endpoint)
                .containsExactly("embeddings", "images", "translations", "speech");
        assertThat(booked).allSatisfy(entry -> {
            assertThat(entry.tenant()).isEqualTo("acme");
            assertThat(entry.keyId()).isEqualTo("key_1");
            assertThat(entry.requestId()).startsWith("req_");
        });
        assertThat(booked.get(0).promptTokens()).isEqualTo(1000);
        assertThat(booked.get(0).cost()).isEqualByComparingTo("0.0001");
        assertThat(booked.get(1).images()).isEqualTo(2);
        assertThat(booked.get(1).cost()).isEqualByComparingTo("0.08");
        assertThat(booked.get(2).audioSeconds()).isEqualTo(30.0);
        assertThat(booked.get(3).cost()).isEqualByComparingTo("0.006");
    }

    @Test
    public void streamedCompletionsFailOverBeforeTheFirstChunkAndAreAccountedByTheReportedUsage() {
        ModelInfo legacy = ModelInfo.text("legacy", "1.00", "2.00", 1000);
        capable.instance("cap-c", legacy);
        chatOnly.instance("plain-c", legacy);
        registry.removeProvider(capable);
        registry.addProvider(capable);
        registry.removeProvider(chatOnly);
        registry.addProvider(chatOnly);
        capable.failures.add(new ProviderException(ErrorCode.UNAVAILABLE, "down"));
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<BigDecimal> done = new CompletableFuture<>();
        CompletionRequest request = new CompletionRequest("legacy", List.of("Say hello"), 5, null, null, null,
                List.of(), null, null, Map.of());

        pipeline.stream(CALLER, Endpoints.COMPLETIONS_STREAM, request, new PieceListener<CompletionChunk>() {
            @Override
            public void onStart(String instanceId, String providerType) {
                events.add("start:" + instanceId);
            }

            @Override
            public void onPiece(CompletionChunk piece) {
                events.add(piece.choices().isEmpty() ? "usage" : piece.choices().get(0).text());
            }

            @Override
            public void onComplete(BigDecimal costUsd) {
                done.complete(costUsd);
            }

            @Override
            public void onError(GatewayException error) {
                done.completeExceptionally(error);
            }
        });

        // 1000 input at $1/M + 2000 output at $2/M, as the last chunk reported
        assertThat(done.orTimeout(5, TimeUnit.SECONDS).join()).isEqualByComparingTo("0.005");
        assertThat(events).containsExactly("start:cap-c", "Hel", "lo", "usage");
        assertThat(capable.calls).hasValue(2);
        assertThat(chatOnly.calls).as("plain instances do not stream completions").hasValue(0);
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void theResponsesApiIsPassedThroughOnlyWhereAnInstanceHasIt() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", "chat");
        body.put("input", "hi");
        assertThat(pipeline.serves("chat", ResponsesCapable.class)).isTrue();
        assertThat(pipeline.serves("embed", ResponsesCapable.class)).isTrue();
        registry.removeProvider(capable);
        assertThat(pipeline.serves("chat", ResponsesCapable.class)).as("only plain-a serves chat now").isFalse();
        registry.addProvider(capable);

        Outcome<ResponsesAnswer> outcome = join(pipeline.call(CALLER, Endpoints.RESPONSES,
                new ResponsesRequest("chat", false, body)));

        assertThat(outcome.instanceId()).isEqualTo("cap-a");
        assertThat(new String(outcome.response().body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"chat\"}");
        // 10 input at $1/M + 20 output at $2/M
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.00005");
    }

    /** A provider whose instances implement chat, and, when capable, embeddings, images and speech. */
    static final class Provider implements ModelProvider {
        final String type;
        final boolean capable;
        final List<InstanceConfig> configs = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final List<ProviderException> failures = new CopyOnWriteArrayList<>();
        volatile int images = 1;
        volatile boolean reportUsage = true;

        Provider(String type, boolean capable) {
            this.type = type;
            this.capable = capable;
        }

        void instance(String id, ModelInfo... models) {
            configs.add(new InstanceConfig(id, type, null, null, List.of(models), 1, Map.of()));
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.CHAT, Capability.CHAT_STREAMING);
        }

        @Override
        public List<InstanceConfig> configuredInstances() {
            return configs;
        }

        @Override
        public ProviderInstance createInstance(InstanceConfig config) {
            return capable ? new CapableInstance(this, config) : new PlainInstance(this, config);
        }

        <T> CompletionStage<T> answer(T value) {
            calls.incrementAndGet();
            if (!failures.isEmpty()) {
                return CompletableFuture.failedFuture(failures.remove(0));
            }
            return CompletableFuture.completedFuture(value);
        }
    }

    static class PlainInstance implements ProviderInstance {
        final Provider provider;
        final InstanceConfig config;

        PlainInstance(Provider provider, InstanceConfig config) {
            this.provider = provider;
            this.config = config;
        }

        @Override
        public InstanceConfig config() {
            return config;
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
            return provider.answer(new ChatResponse("c", request.model(), 0, List.of(new dev.switchboard.api.chat
                    .ChatChoice(0, ChatMessage.of("assistant", "ok"), "stop")), new Usage(1, 1)));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    static final class CapableInstance extends PlainInstance implements EmbeddingsCapable, ImagesCapable,
            SpeechCapable, TranscriptionCapable, CompletionsStreamCapable, ResponsesCapable {

        @Override
        public CompletionStage<TextCompletion> complete(CompletionRequest request, CallContext context) {
            return provider.answer(new TextCompletion("cmpl", request.model(), 0, List.of(), Usage.NONE));
        }

        @Override
        public void completeStream(CompletionRequest request, CallContext context,
                                   Flow.Subscriber<? super CompletionChunk> s) {
            provider.calls.incrementAndGet();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            if (!provider.failures.isEmpty()) {
                s.onError(provider.failures.remove(0));
                return;
            }
            s.onNext(new CompletionChunk("cmpl-1", request.model(), 1, List.of(new CompletionChoice(0, "Hel", null)),
                    null));
            s.onNext(new CompletionChunk("cmpl-1", request.model(), 1, List.of(new CompletionChoice(0, "lo", "stop")),
                    null));
            if (provider.reportUsage) {
                s.onNext(new CompletionChunk("cmpl-1", request.model(), 1, List.of(), new Usage(1000, 2000)));
            }
            s.onComplete();
        }

        @Override
        public CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, CallContext context) {
            return provider.answer(new ResponsesAnswer(("{\"model\":\"" + request.model() + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), new Usage(10, 20)));
        }

        @Override
        public void respondStream(ResponsesRequest request, CallContext context,
                                  Flow.Subscriber<? super ResponsesEvent> s) {
            s.onError(new UnsupportedOperationException());
        }

        @Override
        public CompletionStage<Transcription> transcribe(TranscriptionRequest request, CallContext context) {
            return provider.answer(new Transcription("application/json",
                    "{\"text\":\"hi\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 30, Usage.NONE));
        }

        CapableInstance(Provider provider, InstanceConfig config) {
            super(provider, config);
        }

        @Override
        public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
            return provider.answer(new EmbeddingsResponse(request.model(), List.of(new float[] {1f}),
                    new Usage(1000, 0)));
        }

        @Override
        public CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context) {
            List<GeneratedImage> images = new ArrayList<>();
            for (int i = 0; i < provider.images; i++) {
                images.add(new GeneratedImage("AAAA", null, null));
            }
            return provider.answer(new ImageResponse(0, images, Usage.NONE));
        }

        @Override
        public void speech(SpeechRequest request, CallContext context, Flow.Subscriber<? super ByteBuffer> s) {
            provider.calls.incrementAndGet();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onNext(ByteBuffer.wrap(new byte[3]));
            s.onNext(ByteBuffer.wrap(new byte[2]));
            s.onComplete();
        }
    }

    /** A speech listener that notes {@code start:<instance>} and {@code audio:<bytes>} and completes {@code done}. */
    private static AudioListener audio(CompletableFuture<BigDecimal> done, List<String> events) {
        return new AudioListener() {
            @Override
            public void onStart(String instanceId, String providerType) {
                events.add("start:" + instanceId);
            }

            @Override
            public void onAudio(ByteBuffer audio) {
                events.add("audio:" + audio.remaining());
            }

            @Override
            public void onComplete(BigDecimal costUsd) {
                done.complete(costUsd);
            }

            @Override
            public void onError(GatewayException error) {
                done.completeExceptionally(error);
            }
        };
    }
}
