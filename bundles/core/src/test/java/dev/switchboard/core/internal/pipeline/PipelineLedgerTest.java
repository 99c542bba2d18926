package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * What accounting hands the store's usage ledger: one entry per request that reached a provider or a cache —
 * answered, failed (the gateway's and the provider's codes) or answered from cache (its level, the cost saved).
 */
public class PipelineLedgerTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final List<ResponseCache> caches = new ArrayList<>();
    private ScriptedProvider provider;
    private Pipeline pipeline;

    private final RecordingLedger recording = new RecordingLedger();
    private final List<UsageEntry> booked = recording.booked;

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", MODEL);
        registry.addProvider(provider);
        pipeline = new Pipeline(registry, () -> List.copyOf(caches), List::of, List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));
    }

    private static ChatRequest request(boolean stream) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null, null, stream, false,
                null, Map.of());
    }

    private ChatOutcome chat() {
        return chat(request(false));
    }

    private ChatOutcome chat(ChatRequest request) {
        return pipeline.chat(CALLER, request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    public void theRequestContextOfTheKeyAndTheRequestIsBooked() {
        pipeline.ledger(recording);
        Caller keyed = new Caller("key_2", "shop", "acme", dev.switchboard.core.api.Role.APP, "web", null, null,
                List.of("beta", "eu"), java.util.Set.of(), dev.switchboard.core.api.CacheMode.DEFAULT, null)
                .within(null, "sess-9");
        ChatRequest withUser = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null,
                null, false, false, "end-user-1", Map.of());
        pipeline.chat(keyed, withUser).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();

        UsageEntry entry = booked.get(0);
        assertThat(entry.project()).isEqualTo("web");
        assertThat(entry.user()).as("OpenAI's user field, the key having none").isEqualTo("end-user-1");
        assertThat(entry.session()).isEqualTo("sess-9");
        assertThat(entry.tags()).isEqualTo("beta,eu");
    }

    @Test
    public void aKeyLimitedToOtherModelsIsRefusedBeforeAnyCall() {
        Caller limited = new Caller("key_3", "x", "acme", dev.switchboard.core.api.Role.APP, null, null, null,
                List.of(), java.util.Set.of("m2"), dev.switchboard.core.api.CacheMode.DEFAULT, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.chat(limited, request(false)))
                .isInstanceOfSatisfying(dev.switchboard.core.api.GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("model_not_allowed");
                });
        assertThat(booked).isEmpty();
    }

    @Test
    public void anAnsweredRequestIsBookedWithWhoWhatAndHowMuch() {
        pipeline.ledger(recording);
        ChatOutcome outcome = chat();

        assertThat(booked).hasSize(1);
        UsageEntry entry = booked.get(0);
        assertThat(entry.requestId()).startsWith("req_");
        assertThat(entry.tenant()).isEqualTo("acme");
        assertThat(entry.keyId()).isEqualTo("key_1");
        assertThat(entry.model()).isEqualTo("m1");
        assertThat(entry.providerType()).isEqualTo("scripted");
        assertThat(entry.instance()).isEqualTo("a");
        assertThat(entry.promptTokens()).isEqualTo(1000);
        assertThat(entry.completionTokens()).isEqualTo(500);
        assertThat(entry.cost()).isEqualByComparingTo(outcome.costUsd());
        assertThat(entry.status()).isEqualTo("ok");
    }

    @Test
    public void aStreamedRequestIsBookedOnce() {
        pipeline.ledger(recording);
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, request(true), listener);

        assertThat(listener.events).endsWith("complete");
        assertThat(booked).hasSize(1);
        assertThat(booked.get(0).completionTokens()).isEqualTo(500);
    }

    @Test
    public void aFullOrFailingLedgerNeverFailsTheRequest() {
        pipeline.ledger(new UsageLedger() {
            @Override
            public boolean append(UsageEntry entry) {
                throw new IllegalStateException("store gone");
            }

            @Override
            public long dropped() {
                return 0;
            }
        });
        assertThat(chat().response().firstContent()).isEqualTo("a:hi");
    }

    @Test
    public void aLedgerThatLeftIsNoLongerBooked() {
        pipeline.ledger(recording);
        pipeline.ledgerGone(recording);
        chat();
        assertThat(booked).isEmpty();
    }

    @Test
    public void aFailedRequestIsBookedWithTheGatewaysAndTheProvidersCodes() {
        pipeline.ledger(recording);
        provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"));

        assertThatThrownBy(this::chat).hasCauseInstanceOf(GatewayException.class);
        assertThat(booked).hasSize(1);
        UsageEntry entry = booked.get(0);
        assertThat(entry.status()).isNotEqualTo("ok").isNotBlank();
        assertThat(entry.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(entry.instance()).isEqualTo("a");
        assertThat(entry.tenant()).isEqualTo("acme");
        assertThat(entry.promptTokens()).isZero();
        assertThat(entry.cost()).isZero();
    }

    @Test
    public void aFailedStreamIsBookedOnce() {
        pipeline.ledger(recording);
        provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, request(true), listener);

        assertThat(booked).hasSize(1);
        assertThat(booked.get(0).errorCode()).isEqualTo("BAD_REQUEST");
    }

    @Test
    public void aCacheHitIsBookedWithItsLevelNoCostAndWhatItSaved() {
        pipeline.ledger(recording);
        caches.add(new MapCache("one-level", CacheLevel.MEMORY));
        ChatRequest deterministic = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null,
                null, null, false, false, null, Map.of());
        ChatOutcome first = chat(deterministic);
        assertThat(chat(deterministic).cached()).isTrue();

        assertThat(booked).hasSize(2);
        UsageEntry hit = booked.get(1);
        assertThat(hit.cacheLevel()).isEqualTo("memory");
        assertThat(hit.cost()).isZero();
        assertThat(hit.savedCost()).isEqualByComparingTo(first.costUsd());
        assertThat(hit.promptTokens()).isEqualTo(1000);
        assertThat(hit.status()).isEqualTo("ok");
        assertThat(hit.model()).isEqualTo("m1");
        assertThat(hit.instance()).isNull();
        assertThat(booked.get(0).cacheLevel()).isNull();
    }

    @Test
    public void everyRequestIsBookedUnderTheIdItWasGivenTheClientsXRequestId() {
        pipeline.ledger(recording);
        caches.add(new MapCache("one-level", CacheLevel.MEMORY));
        ChatRequest deterministic = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null,
                null, null, false, false, null, Map.of());
        pipeline.chat(CALLER, "req_000000000001aaaaaaaaaaaa", deterministic).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        pipeline.chat(CALLER, "req_000000000002aaaaaaaaaaaa", deterministic).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        RecordingListener streamed = new RecordingListener();
        pipeline.chatStream(CALLER, "req_000000000003aaaaaaaaaaaa", request(true), streamed);
        provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"));
        assertThatThrownBy(() -> pipeline.chat(CALLER, "req_000000000004aaaaaaaaaaaa", request(false))
                .toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(GatewayException.class);

        assertThat(streamed.events).endsWith("complete");
        assertThat(booked).extracting(UsageEntry::requestId).containsExactly("req_000000000001aaaaaaaaaaaa",
                "req_000000000002aaaaaaaaaaaa", "req_000000000003aaaaaaaaaaaa", "req_000000000004aaaaaaaaaaaa");
        assertThat(booked.get(1).cacheLevel()).as("the second was a cache hit").isEqualTo("memory");
        assertThat(booked.get(3).errorCode()).isEqualTo("BAD_REQUEST");
    }

    @Test
    public void aRequestWithoutAGivenIdIsBookedUnderANewTimeOrderedOne() {
        pipeline.ledger(recording);
        pipeline.chat(CALLER, null, request(false)).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(booked).hasSize(1);
        assertThat(booked.get(0).requestId()).matches("req_[0-9a-f]{24}");
    }
}
