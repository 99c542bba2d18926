package dev.switchboard.core.internal.pipeline;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheKey;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.testkit.ScriptedProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-key cap on requests in flight: the (cap+1)th is refused, and every way a request ends gives its slot back. */
public class PerKeyConcurrencyTest {

    private static final int CAP = 2;
    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller KEY = new Caller("key_1", "test", "acme", false);
    private static final Caller OTHER_TENANT = new Caller("key_2", "other", "globex", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final List<ResponseCache> caches = new ArrayList<>();
    private final List<QuotaStrategy> quotas = new ArrayList<>();
    private ScriptedProvider provider;
    private Pipeline pipeline;

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", MODEL);
        registry.addProvider(provider);
        pipeline = new Pipeline(registry, () -> List.copyOf(caches), () -> List.copyOf(quotas),
                List::<SelectionStrategy>of, metrics, new PipelineSettings(5_000, 1, 10, 1_000, "round-robin", CAP));
    }

    private static ChatRequest request(String text, boolean stream) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", text)), null, null, null, null, null, stream, false,
                null, Map.of());
    }

    private static void assertConcurrencyLimit(Throwable thrown) {
        assertThat(thrown).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("rate_limit_error");
            assertThat(e.code()).isEqualTo("concurrency_limit_exceeded");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    public void theRequestOverTheCapIs429AndTheSlotsComeBackWhenCallsEnd() {
        provider.neverAnswer(true);
        CompletableFuture<ChatOutcome> first = pipeline.chat(KEY, request("1", false)).toCompletableFuture();
        StreamHandle second = pipeline.chatStream(KEY, request("2", true), new RecordingListener());
        assertThat(pipeline.inFlight("key_1")).isEqualTo(CAP);

        assertConcurrencyLimit(catchThrowable(() -> pipeline.chat(KEY, request("3", false))));
        assertConcurrencyLimit(catchThrowable(() -> pipeline.chatStream(KEY, request("4", true), new RecordingListener())));
        assertThat(provider.received()).as("refused before any provider call").hasSize(2);
        assertThat(pipeline.inFlight("key_1")).isEqualTo(CAP);

        // another key (another tenant) is not held back by this one
        provider.neverAnswer(false);
        assertThat(pipeline.chat(OTHER_TENANT, request("5", false)).toCompletableFuture().join().instanceId())
                .isEqualTo("a");

        // the deadline ends the unanswered call (failure) and the stream that never started
        pipeline.deadlines().sweep(Instant.now().plusSeconds(10));
        assertThat(first).isCompletedExceptionally();
        second.cancel();
        assertThat(pipeline.inFlight("key_1")).isZero();
        assertThat(pipeline.inFlight("key_2")).isZero();
        assertThat(pipeline.chat(KEY, request("6", false)).toCompletableFuture().join().instanceId()).isEqualTo("a");
    }

    @Test
    public void aCompletedCallReleasesItsSlot() {
        for (int i = 0; i < CAP + 2; i++) {
            pipeline.chat(KEY, request("hi " + i, false)).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void aFailedCallReleasesItsSlot() {
        for (int i = 0; i < CAP + 2; i++) {
            provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad"));
            assertThat(pipeline.chat(KEY, request("hi", false)).toCompletableFuture()).isCompletedExceptionally();
        }
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void completedFailedAndCancelledStreamsReleaseTheirSlots() {
        RecordingListener completed = new RecordingListener();
        pipeline.chatStream(KEY, request("done", true), completed);
        assertThat(completed.events).endsWith("complete");
        assertThat(pipeline.inFlight("key_1")).isZero();

        provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "down"));
        RecordingListener failedBeforeStart = new RecordingListener();
        pipeline.chatStream(KEY, request("fails", true), failedBeforeStart);
        assertThat(failedBeforeStart.events).containsExactly("error");
        assertThat(pipeline.inFlight("key_1")).isZero();

        provider.failMidStream(new ProviderException(ErrorCode.UNAVAILABLE, "cut"));
        RecordingListener failedMidway = new RecordingListener();
        pipeline.chatStream(KEY, request("cut", true), failedMidway);
        assertThat(failedMidway.events).endsWith("error");
        assertThat(pipeline.inFlight("key_1")).isZero();
        provider.failMidStream(null);

        // the client went away (the REST layer cancels the handle), twice for good measure: released once
        provider.holdStreams(true);
        StreamHandle held = pipeline.chatStream(KEY, request("held", true), new RecordingListener());
        StreamHandle other = pipeline.chatStream(KEY, request("held", true), new RecordingListener());
        assertThat(pipeline.inFlight("key_1")).isEqualTo(2);
        held.cancel();
        held.cancel();
        assertThat(pipeline.inFlight("key_1")).isEqualTo(1);
        other.cancel();
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void aQuotaDenialOrACacheHitGivesTheSlotBack() {
        caches.add(new MapCache("map", CacheLevel.MEMORY));
        ChatRequest deterministic = new ChatRequest("m1", List.of(ChatMessage.of("user", "same")), 0.0, null, null,
                null, null, false, false, null, Map.of());
        pipeline.chat(KEY, deterministic).toCompletableFuture().join();
        for (int i = 0; i < CAP + 1; i++) {
            assertThat(pipeline.chat(KEY, deterministic).toCompletableFuture().join().cached()).isTrue();
            pipeline.chatStream(KEY, new ChatRequest("m1", deterministic.messages(), 0.0, null, null, null, null, true,
                    false, null, Map.of()), new RecordingListener());
        }
        assertThat(pipeline.inFlight("key_1")).isZero();

        quotas.add(new QuotaStrategy() {
            @Override
            public String name() {
                return "deny";
            }

            @Override
            public QuotaDecision check(QuotaRequest request) {
                return QuotaDecision.deny("no", Duration.ofSeconds(3), 0);
            }
        });
        for (int i = 0; i < CAP + 1; i++) {
            assertThatThrownBy(() -> pipeline.chat(KEY, request("x", false)))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("rate_limit_exceeded"));
        }
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void aLevelAnsweringANullOptionalIsAMissNotAFailureNorALeakedSlot() {
        // the contract: a throw or a null is a miss; here a null Optional, alone and behind a level answering later
        caches.add(new MapCache("map", CacheLevel.MEMORY) {
            @Override
            public CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
                return CompletableFuture.completedFuture(null);
            }
        });
        ChatRequest deterministic = new ChatRequest("m1", List.of(ChatMessage.of("user", "same")), 0.0, null, null,
                null, null, false, false, null, Map.of());
        assertThat(pipeline.chat(KEY, deterministic).toCompletableFuture().join().cached()).isFalse();
        assertThat(pipeline.inFlight("key_1")).isZero();

        CompletableFuture<Optional<ChatResponse>> later = new CompletableFuture<>();
        caches.add(0, new MapCache("map", CacheLevel.MEMORY) {
            @Override
            public CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
                return later;
            }
        });
        CompletableFuture<ChatOutcome> answered = pipeline.chat(KEY, deterministic).toCompletableFuture();
        later.complete(Optional.empty());
        assertThat(answered.join().cached()).isFalse();
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void noCapWhenSetToZero() {
        pipeline.configure(new PipelineSettings(5_000, 1, 10, 1_000, "round-robin", 0));
        provider.neverAnswer(true);
        for (int i = 0; i < CAP * 3; i++) {
            pipeline.chat(KEY, request("hi", false));
        }
        assertThat(provider.received()).hasSize(CAP * 3);
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
