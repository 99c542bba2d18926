package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Role;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.routing.WarmUpRelayRoute;
import dev.switchboard.core.internal.routing.WarmUpRoutes;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.store.UsageEntry;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * Core's start-up warm-up caller runs on a pipeline of its own: the mock's routes only, and nothing booked — no
 * ledger entry, no quota asked or recorded, no route or per-tenant metrics — while a key's request on the same
 * gateway is booked as ever.
 */
public class WarmUpPipelineTest {

    private static final ModelInfo MOCK_MODEL = ModelInfo.text("mock-echo", "1.00", "2.00", 1000);
    private static final ModelInfo REAL_MODEL = ModelInfo.text("gpt-real", "1.00", "2.00", 1000);
    private static final Caller KEY = new Caller("key_1", "app", "acme", false);
    private static final Caller WARM_UP = new Caller("switchboard-warm-up", "start-up warm-up", "switchboard-warm-up",
            Role.APP, null, null, null, List.of(), Set.of(), CacheMode.OFF, null, null, true);
    private static final PipelineSettings SETTINGS = new PipelineSettings(5_000, 3, 10, 1_000, "round-robin");

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics,
            () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final RecordingLedger ledger = new RecordingLedger();
    private final List<UsageEntry> booked = ledger.booked;
    private final ScriptedProvider mock = new ScriptedProvider("mock").withInstance("mock", MOCK_MODEL, REAL_MODEL);
    private final ScriptedProvider real = new ScriptedProvider("openai").withInstance("openai", REAL_MODEL);
    private Pipelines pipelines;
    private WarmUpRelayRoute relay;

    private final RecordingQuota quota = new RecordingQuota();
    private final List<QuotaRequest> asked = quota.checked;

    @Before
    public void setUp() {
        registry.addProvider(mock);
        registry.addProvider(real);
        Pipeline gateway = new Pipeline(registry, List::of, () -> List.of(quota), List::of, metrics, SETTINGS);
        gateway.ledger(ledger);
        WarmUpRoutes warmUpRoutes = new WarmUpRoutes(registry);
        relay = new WarmUpRelayRoute(registry::provider, warmUpRoutes);
        pipelines = new Pipelines(gateway, Pipeline.warmUp(warmUpRoutes, List::of, SETTINGS));
    }

    private static ChatRequest request(String model, boolean stream) {
        return new ChatRequest(model, List.of(ChatMessage.of("user", "warm-up")), null, null, null, null, null, stream,
                false, null, Map.of());
    }

    private long routeRequests() {
        return metrics.registry().getTimers().entrySet().stream()
                .filter(e -> e.getKey().startsWith("switchboard.route.latency"))
                .mapToLong(e -> e.getValue().getCount()).sum();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void aWarmUpCallIsAnsweredAndBookedNowhere() {
        pipelines.of(WARM_UP).chat(WARM_UP, request("mock-echo", false)).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        RecordingListener stream = new RecordingListener();
        pipelines.of(WARM_UP).chatStream(WARM_UP, request("mock-echo", true), stream);
        for (int i = 0; i < 500 && stream.summary == null && stream.error == null; i++) {
            sleep();
        }
        assertThat(stream.summary).as("streamed to its end").isNotNull();

        assertThat(mock.received()).hasSize(2);
        assertThat(booked).as("no ledger entry").isEmpty();
        assertThat(asked).as("no quota asked").isEmpty();
        assertThat(routeRequests()).as("no route metrics").isZero();
        assertThat(metrics.registry().getNames()).noneMatch(name -> name.contains("switchboard-warm-up"));
    }

    @Test
    public void aKeysCallOnTheSameGatewayIsBookedAsEver() {
        pipelines.of(KEY).chat(KEY, request("mock-echo", false)).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(booked).hasSize(1);
        assertThat(asked).hasSize(1);
        assertThat(routeRequests()).isEqualTo(1);
    }

    @Test
    public void aWarmUpCallNeverReachesARealProvider() {
        for (int i = 0; i < 4; i++) {
            pipelines.of(WARM_UP).chat(WARM_UP, request("gpt-real", false)).toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS).join();
        }
        assertThat(real.received()).as("served by both: only the mock's route").isEmpty();
        assertThat(mock.received()).hasSize(4);

        registry.removeProvider(mock);
        assertThatThrownBy(() -> pipelines.of(WARM_UP).chat(WARM_UP, request("gpt-real", false)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(real.received()).isEmpty();
    }

    @Test
    public void theRelayModelReachesTheOpenAiInstanceForTheWarmUpOnlyAndBooksNothing() {
        String model = relay.openRelay(java.net.URI.create("http://127.0.0.1:8181"), "sbw-secret", "mock-echo")
                .orElseThrow();

        pipelines.of(WARM_UP).chat(WARM_UP, request(model, false)).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(real.received()).as("the relay is an instance of the openai provider").hasSize(1);
        assertThat(mock.received()).isEmpty();
        assertThat(booked).isEmpty();
        assertThat(routeRequests()).isZero();
        assertThatThrownBy(() -> pipelines.of(KEY).chat(KEY, request(model, false)))
                .as("no client reaches it").isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.status()).isEqualTo(404));

        relay.closeRelay();
        assertThatThrownBy(() -> pipelines.of(WARM_UP).chat(WARM_UP, request(model, false)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
