package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.testkit.ScriptedProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/** Model aliases ({@code route.<alias>}): fallback chains across models, pinning, never-throw answers. */
public class RoutesTest {

    private static final ModelInfo M1 = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final ModelInfo M2 = new ModelInfo("m2", "vendor-m2", new BigDecimal("1.00"), new BigDecimal("2.00"),
            1000, null);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);
    private static final Caller ADMIN = new Caller("key_0", "admin", "acme", true);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private ScriptedProvider first;
    private ScriptedProvider second;
    private Pipeline pipeline;

    @Before
    public void setUp() {
        first = new ScriptedProvider("scripted").withInstance("a", M1).withInstance("b", M1);
        second = new ScriptedProvider("other").withInstance("c", M2);
        registry.addProvider(first);
        registry.addProvider(second);
        List<String> problems = new ArrayList<>();
        registry.configureRoutes(ModelRoute.parse(Map.ofEntries(Map.entry(
                "route.smart", "m1, m2"),
                Map.entry("route.safe", "m1"),
                Map.entry("route.safe.fallback.text", "Sorry, try again later."),
                Map.entry("route.m1", "m2"),
                Map.entry("route.quick", "m1"),
                Map.entry("route.quick.timeout.ms", "100"),
                Map.entry("route.patient", "m1"),
                Map.entry("route.patient.timeout.ms", "100"),
                Map.entry("route.patient.fallback.text", "Still thinking."),
                Map.entry("route.once", "m1"),
                Map.entry("route.once.max.attempts", "1"),
                Map.entry("route.stubborn", "m1"),
                Map.entry("route.stubborn.max.attempts", "6"),
                Map.entry("route.stubborn.retry.backoff.ms", "0"),
                Map.entry("route.patiently", "m1"),
                Map.entry("route.patiently.max.attempts", "3"),
                Map.entry("route.patiently.retry.backoff.ms", "20")), problems));
        assertThat(problems).isEmpty();
        pipeline = new Pipeline(registry, List::of, List::of, List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));
    }

    private static ChatRequest request(String model, boolean stream) {
        return new ChatRequest(model, List.of(ChatMessage.of("user", "hi")), null, null, null, null, null, stream, false,
                null, Map.of());
    }

    private ChatOutcome chat(Caller caller, String model) {
        return pipeline.chat(caller, request(model, false)).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static ProviderException down() {
        return new ProviderException(ErrorCode.UNAVAILABLE, "down");
    }

    @Test
    public void anAliasIsServedByItsFirstModel() {
        ChatOutcome outcome = chat(CALLER, "smart");

        assertThat(outcome.instanceId()).isIn("a", "b");
        assertThat(outcome.response().model()).isEqualTo("m1");
        assertThat(second.received()).isEmpty();
    }

    @Test
    public void anAliasFallsBackToTheNextModelWhenEveryRouteOfTheFirstFails() {
        first.failNext("a", down()).failNext("b", down());

        ChatOutcome outcome = chat(CALLER, "smart");

        assertThat(outcome.instanceId()).isEqualTo("c");
        assertThat(outcome.response().model()).as("the model that answered, as the upstream named it")
                .isEqualTo("vendor-m2");
        assertThat(second.received()).extracting(ChatRequest::model).as("the upstream gets its real model id")
                .containsExactly("vendor-m2");
        assertThat(first.received()).extracting(ChatRequest::model).containsExactly("m1", "m1");
    }

    @Test
    public void anAliasNamedLikeAModelNeverShadowsIt() {
        assertThat(chat(CALLER, "m1").instanceId()).isIn("a", "b");
        assertThat(second.received()).isEmpty();
    }

    @Test
    public void anAliasHasItsOwnDeadline() {
        registry.removeProvider(first);
        ScriptedProvider silent = new ScriptedProvider("silent").withInstance("s", M1);
        silent.neverAnswer(true);
        registry.addProvider(silent);

        var pending = pipeline.chat(CALLER, request("quick", false)).toCompletableFuture();
        pipeline.deadlines().sweep(java.time.Instant.now().plusSeconds(1));

        assertThat(pending).as("100 ms, not the 5 s of request.timeout.ms").isCompletedExceptionally();
        assertThatThrownBy(pending::join).satisfies(e -> assertThat(e.getCause().getMessage())
                .contains("timed out after 100 ms"));
        assertThat(silent.upstreamCancelled()).isTrue();
    }

    @Test
    public void anAdminKeyPinsAnInstance() {
        for (int i = 0; i < 3; i++) {
            assertThat(chat(ADMIN.pinning("b"), "m1").instanceId()).isEqualTo("b");
        }
        assertThat(chat(ADMIN.pinning("c"), "smart").instanceId()).as("one of the alias's candidates").isEqualTo("c");
    }

    @Test
    public void pinningAnInstanceThatDoesNotServeTheModelIs400() {
        assertThatThrownBy(() -> chat(ADMIN.pinning("c"), "m1")).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(((GatewayException) e).param()).isEqualTo("x-switchboard-instance"));
    }

    @Test
    public void onlyAdminKeysMayPin() {
        assertThatThrownBy(() -> chat(CALLER.pinning("b"), "m1")).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(403));
        assertThat(metrics.registry().counter("switchboard.errors{status=403}").getCount()).isEqualTo(1);
        assertThat(first.received()).isEmpty();
    }

    @Test
    public void aNeverThrowRouteAnswersItsFallbackWhenEveryCandidateFails() {
        first.failNext("a", down()).failNext("a", down()).failNext("b", down()).failNext("b", down());

        ChatOutcome outcome = chat(CALLER, "safe");

        assertThat(outcome.instanceId()).isEqualTo(StreamListener.FALLBACK);
        assertThat(outcome.response().firstContent()).isEqualTo("Sorry, try again later.");
        assertThat(outcome.response().extensions()).containsEntry("switchboard_fallback", true);
        assertThat(outcome.response().model()).isEqualTo("safe");
    }

    @Test
    public void aRouteWithoutFallbackStillFails() {
        first.failNext("a", down()).failNext("a", down()).failNext("b", down()).failNext("b", down());

        assertThatThrownBy(() -> chat(CALLER, "quick")).hasCauseInstanceOf(GatewayException.class);
    }

    @Test
    public void theClientsOwnFaultIsNeverHiddenByTheFallback() {
        first.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"))
                .failNext("b", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"));

        assertThatThrownBy(() -> chat(CALLER, "safe")).hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(400));
    }

    @Test
    public void aStreamedNeverThrowRouteStreamsItsFallback() {
        first.failNext("a", down()).failNext("a", down()).failNext("b", down()).failNext("b", down());
        RecordingListener listener = new RecordingListener();

        pipeline.chatStream(CALLER, request("safe", true), listener);

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!listener.events.contains("complete") && !listener.events.contains("error") && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(listener.events).first().isEqualTo("start");
        assertThat(listener.events).last().isEqualTo("complete");
        assertThat(listener.instanceId).isEqualTo(StreamListener.FALLBACK);
        assertThat(listener.content()).isEqualTo("Sorry, try again later.");
        assertThat(listener.chunks.get(0).chunkExtensions()).containsEntry("switchboard_fallback", true);
    }

    @Test
    public void aStreamOfANeverThrowRoutePastItsDeadlineStreamsTheFallback() {
        registry.removeProvider(first);
        ScriptedProvider silent = new ScriptedProvider("silent").withInstance("s", M1);
        silent.neverAnswer(true);
        registry.addProvider(silent);
        RecordingListener listener = new RecordingListener();

        pipeline.chatStream(CALLER, request("patient", true), listener);
        pipeline.deadlines().sweep(java.time.Instant.now().plusSeconds(1));

        assertThat(listener.events).first().isEqualTo("start");
        assertThat(listener.events).last().isEqualTo("complete");
        assertThat(listener.instanceId).isEqualTo(StreamListener.FALLBACK);
        assertThat(listener.content()).isEqualTo("Still thinking.");
    }

    @Test
    public void aRouteWithOneAttemptDoesNotFailOver() {
        first.failNext("a", down()).failNext("b", down());

        assertThatThrownBy(() -> chat(CALLER, "once")).hasCauseInstanceOf(GatewayException.class);
        assertThat(first.received()).as("max.attempts 1: no failover, though the gateway allows 3").hasSize(1);
        assertThat(metrics.registry().counter("switchboard.errors{status=503}").getCount()).as("what the client got")
                .isEqualTo(1);
        assertThat(chat(CALLER, "m1").instanceId()).as("the model itself keeps the gateway's policy").isIn("a", "b");
    }

    @Test
    public void aRouteWithMoreAttemptsRetriesPastTheGatewaysLimit() {
        for (int i = 0; i < 2; i++) {
            first.failNext("a", down()).failNext("b", down());
        }
        long retriesBefore = metrics.registry().counter("switchboard.retries").getCount();
        long failoversBefore = metrics.registry().counter("switchboard.failovers").getCount();

        assertThat(chat(CALLER, "stubborn").instanceId()).as("the 5th call answers; 3 would have failed").isIn("a", "b");
        assertThat(first.received()).hasSize(5);
        assertThat(metrics.registry().counter("switchboard.retries").getCount() - retriesBefore).isEqualTo(3);
        assertThat(metrics.registry().counter("switchboard.failovers").getCount() - failoversBefore).isEqualTo(1);
    }

    @Test
    public void anAdminKeyPinsAProviderByHeaderOrField() {
        assertThat(chat(ADMIN.pinning(null, "other"), "smart").instanceId()).as("m1 would come first").isEqualTo("c");
        ChatRequest byField = new ChatRequest("smart", List.of(ChatMessage.of("user", "hi")), null, null, null, null,
                null, false, false, null, Map.of("switchboard_provider", "other"));
        ChatOutcome outcome = pipeline.chat(ADMIN, byField).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(outcome.instanceId()).isEqualTo("c");
        assertThat(second.received()).hasSize(2).allSatisfy(sent -> assertThat(sent.extensions())
                .as("the pin is the gateway's, never sent upstream").doesNotContainKey("switchboard_provider"));
        assertThatThrownBy(() -> chat(ADMIN.pinning(null, "other"), "m1")).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    public void aKeyThatMayNotPinCannotPinAProviderByFieldEither() {
        ChatRequest byField = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null,
                null, false, false, null, Map.of("switchboard_instance", "b"));
        assertThatThrownBy(() -> pipeline.chat(CALLER, byField)).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(403));
        assertThat(first.received()).isEmpty();
    }

    @Test
    public void aRouteSetAtRunTimeIsServedWithoutTouchingTheRequestPath() {
        dev.switchboard.core.internal.routing.RouteBook book =
                new dev.switchboard.core.internal.routing.RouteBook(registry::configureRoutes);
        book.configure(Map.of("smart", new ModelRoute("smart", List.of("m1"), null, 0, null)));
        book.apply("later", ModelRoute.of(new dev.switchboard.core.api.RouteDefinition("later", List.of("m2"), null, 0,
                0, -1, null)));
        book.apply("smart", ModelRoute.of(new dev.switchboard.core.api.RouteDefinition("smart", List.of("m2"), null, 0,
                0, -1, null)));

        assertThat(chat(CALLER, "later").instanceId()).isEqualTo("c");
        assertThat(chat(CALLER, "smart").instanceId()).as("the run-time route overrides etc's").isEqualTo("c");
        book.apply("smart", null);
        assertThat(chat(CALLER, "smart").instanceId()).as("etc's serves again").isIn("a", "b");
        book.apply("later", null);
        assertThatThrownBy(() -> chat(CALLER, "later")).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(404));
    }

    @Test
    public void aRouteOrdersEachModelsRoutesByItsOwnStrategy() {
        dev.switchboard.api.selection.SelectionStrategy lastFirst = new dev.switchboard.api.selection.SelectionStrategy() {
            @Override
            public String name() {
                return "last-first";
            }

            @Override
            public List<dev.switchboard.api.selection.Candidate> order(ChatRequest request,
                    List<dev.switchboard.api.selection.Candidate> candidates) {
                List<dev.switchboard.api.selection.Candidate> reversed = new ArrayList<>(candidates);
                java.util.Collections.reverse(reversed);
                return reversed;
            }
        };
        dev.switchboard.api.selection.SelectionStrategy firstFirst = new dev.switchboard.api.selection.SelectionStrategy() {
            @Override
            public String name() {
                return "first-first";
            }

            @Override
            public List<dev.switchboard.api.selection.Candidate> order(ChatRequest request,
                    List<dev.switchboard.api.selection.Candidate> candidates) {
                return candidates;
            }
        };
        Pipeline withStrategies = new Pipeline(registry, List::of, List::of, () -> List.of(firstFirst, lastFirst),
                metrics, new PipelineSettings(5_000, 3, 10, 1_000, "first-first"));
        new dev.switchboard.core.internal.routing.RouteBook(registry::configureRoutes).apply("reversed",
                ModelRoute.of(new dev.switchboard.core.api.RouteDefinition("reversed", List.of("m1", "m2"),
                        "last-first", 0, 0, -1, null)));

        for (int i = 0; i < 3; i++) {
            assertThat(withStrategies.chat(CALLER, request("m1", false)).toCompletableFuture().join().instanceId())
                    .as("the model's own strategy").isEqualTo("a");
            assertThat(withStrategies.chat(CALLER, request("reversed", false)).toCompletableFuture().join()
                    .instanceId()).as("the route's strategy, within m1 first").isEqualTo("b");
        }
    }

    @Test
    public void aRetryWaitsOutItsBackOffOnCoresSchedulerNeverTheCommonPool() throws Exception {
        java.util.concurrent.atomic.AtomicInteger scheduled = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                runnable -> new Thread(runnable, "core-scheduler-under-test")) {
            @Override
            public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                scheduled.incrementAndGet();
                return super.schedule(() -> {
                    ranOn.add(Thread.currentThread().getName());
                    command.run();
                }, delay, unit);
            }
        };
        try {
            pipeline.scheduleRetriesOn(scheduler);
            first.failNext("a", down()).failNext("b", down());

            assertThat(chat(CALLER, "patiently").instanceId()).isIn("a", "b");
            assertThat(scheduled.get()).as("the back-off wait went to core's scheduler").isPositive();
            assertThat(ranOn).containsOnly("core-scheduler-under-test");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
