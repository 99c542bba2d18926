package dev.switchboard.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.core.internal.circuit.CircuitBreakerRegistry;
import dev.switchboard.core.internal.circuit.CircuitPolicy;
import dev.switchboard.core.internal.health.HealthChecks.Outcome;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.plugins.PluginLog;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class HealthChecksTest {

    private static final ModelInfo M1 = ModelInfo.text("m1", "1", "1", 100);
    private static final ModelInfo M2 = ModelInfo.text("m2", "1", "1", 100);
    private static final long INTERVAL = 30_000;
    private static final long OPEN = 60_000;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final MetricRegistry registry = new MetricRegistry();
    // 3 failures in a row open a circuit for a minute; 3 probes close it
    private final CircuitBreakerRegistry circuits = new CircuitBreakerRegistry(CircuitPolicy.of(3, OPEN), clock::get);
    private final InstanceRegistry instances = new InstanceRegistry(new GatewayMetrics(registry),
            id -> new RouteHealth(circuits.breaker(id)), PluginLog.SLF4J);
    private final HealthChecks checks = new HealthChecks(instances, new HealthCheckSettings(INTERVAL, 10_000,
            Map.of()), clock::get, registry);

    @Test
    public void checksEachInstanceThatCanBeCheckedOncePerIntervalAndNeverOneThatCannot() {
        CheckedInstance checked = new CheckedInstance("a", M1);
        instances.addProvider(new FakeProvider("fake", checked, new PlainInstance("plain", M1)));

        checks.tick();
        advance(10_000);
        checks.tick();
        assertThat(checked.calls).as("once, then not again within the interval").isEqualTo(1);

        advance(20_000);
        checks.tick();
        assertThat(checked.calls).isEqualTo(2);
        assertThat(checks.checks("a", Outcome.PASSED)).isEqualTo(2);
        assertThat(checks.checks("plain", Outcome.PASSED) + checks.checks("plain", Outcome.SKIPPED)).isZero();
        assertThat(registry.getCounters()).containsKey("switchboard.health.checks{instance=a,outcome=passed}");
        assertThat(registry.getTimers()).containsKey("switchboard.health.check.latency{instance=a}");
    }

    @Test
    public void anIntervalOfZeroTurnsChecksOffPerInstance() {
        CheckedInstance off = new CheckedInstance("off", M1);
        CheckedInstance own = new CheckedInstance("own", Map.of(HealthCheckSettings.INTERVAL_KEY, "0"), M1);
        CheckedInstance on = new CheckedInstance("on", M1);
        instances.addProvider(new FakeProvider("fake", off, own, on));
        checks.configure(HealthCheckSettings.of(INTERVAL, 10_000, Map.of("health.check.interval.ms.off", "0")));

        checks.tick();

        assertThat(off.calls).isZero();
        assertThat(own.calls).isZero();
        assertThat(on.calls).isEqualTo(1);
    }

    @Test
    public void failedChecksOpenTheCircuitAndPassingOnesCloseItAfterTheCoolDown() {
        CheckedInstance down = new CheckedInstance("a", M1);
        down.failWith(ErrorCode.UNAVAILABLE);
        instances.addProvider(new FakeProvider("fake", down));

        for (int i = 0; i < 3; i++) {
            checks.tick();
            advance(INTERVAL);
        }
        assertThat(circuits.breaker("a").state()).as("three failed checks, no client traffic").isEqualTo(CircuitState.OPEN);
        assertThat(HealthChecks.unservedModels(instances.get())).containsExactly("m1");

        checks.tick();
        assertThat(down.calls).as("an open circuit cooling down is left alone").isEqualTo(3);
        assertThat(checks.checks("a", Outcome.SKIPPED)).isEqualTo(1);

        down.failWith(null);
        advance(OPEN);
        for (int i = 0; i < 3; i++) {
            checks.tick();
            advance(INTERVAL);
        }
        assertThat(down.calls).isEqualTo(6);
        assertThat(circuits.breaker("a").state()).as("three passing probes close it").isEqualTo(CircuitState.CLOSED);
        assertThat(HealthChecks.unservedModels(instances.get())).isEmpty();
    }

    @Test
    public void aCheckTheUpstreamCannotAnswerIsInconclusiveAndCountsForNothing() {
        CheckedInstance noEndpoint = new CheckedInstance("a", M1);
        noEndpoint.failWith(ErrorCode.NOT_FOUND);
        instances.addProvider(new FakeProvider("fake", noEndpoint));

        for (int i = 0; i < 5; i++) {
            checks.tick();
            advance(INTERVAL);
        }

        assertThat(noEndpoint.calls).isEqualTo(5);
        assertThat(circuits.breaker("a").state()).isEqualTo(CircuitState.CLOSED);
        assertThat(checks.checks("a", Outcome.INCONCLUSIVE)).isEqualTo(5);
    }

    @Test
    public void aCheckThatNeverAnswersIsCancelledAtItsTimeoutAndCountsAsAFailure() {
        CheckedInstance silent = new CheckedInstance("a", M1);
        silent.hang = true;
        instances.addProvider(new FakeProvider("fake", silent));

        checks.tick();
        advance(5_000);
        checks.tick();
        assertThat(silent.calls).as("no second check while one waits").isEqualTo(1);
        assertThat(silent.pending.get(0).isCancelled()).isFalse();

        advance(5_000);
        checks.tick();

        assertThat(silent.pending.get(0).isCancelled()).as("the upstream call is aborted").isTrue();
        assertThat(checks.checks("a", Outcome.FAILED)).isEqualTo(1);
        advance(INTERVAL);
        checks.tick();
        assertThat(silent.calls).as("and the next check starts on time").isEqualTo(2);
    }

    @Test
    public void aModelIsUnservedOnlyWhenEveryRouteOfItIsOpen() {
        instances.addProvider(new FakeProvider("fake", new CheckedInstance("a", M1, M2), new CheckedInstance("b", M1)));

        openCircuit("a");
        assertThat(HealthChecks.unservedModels(instances.get())).as("b still serves m1").containsExactly("m2");

        openCircuit("b");
        assertThat(HealthChecks.unservedModels(instances.get())).containsExactly("m1", "m2");

        advance(OPEN);
        assertThat(HealthChecks.unservedModels(instances.get())).as("cooled down: probes may go").isEmpty();
    }

    @Test
    public void aRouteIsReadyWhileOneOfItsCandidatesCanServe() {
        instances.addProvider(new FakeProvider("fake", new CheckedInstance("a", M1), new CheckedInstance("b", M2)));
        instances.configureRoutes(Map.of(
                "smart", new dev.switchboard.core.internal.routing.ModelRoute("smart", List.of("m1", "m2"), null, 0, null),
                "ghost", new dev.switchboard.core.internal.routing.ModelRoute("ghost", List.of("nowhere"), null, 0, null)));
        assertThat(HealthChecks.unservedModels(instances.get())).as("no candidate at all").containsExactly("ghost");

        openCircuit("a");
        assertThat(HealthChecks.unservedModels(instances.get())).as("m2 still serves smart")
                .containsExactly("ghost", "m1");
        openCircuit("b");
        assertThat(HealthChecks.unservedModels(instances.get())).containsExactly("ghost", "m1", "m2", "smart");
    }

    @Test
    public void instanceSettingsAndCoreOverridesChooseTheInterval() {
        HealthCheckSettings settings = HealthCheckSettings.of(30_000, 10_000,
                Map.of("health.check.interval.ms.x", "5000", "health.check.interval.ms.bad", "soon", "other", "1"));
        InstanceConfig own = new InstanceConfig("y", "t", null, null, List.of(), 1,
                Map.of("health.check.interval.ms", "7000"));

        assertThat(settings.intervalMillis(new InstanceConfig("x", "t", null, null, List.of(), 1,
                Map.of("health.check.interval.ms", "7000")))).isEqualTo(5_000);
        assertThat(settings.intervalMillis(own)).isEqualTo(7_000);
        assertThat(settings.intervalMillis(new InstanceConfig("bad", "t", null, null, List.of(), 1, Map.of())))
                .isEqualTo(30_000);
    }

    private void openCircuit(String id) {
        for (int i = 0; i < 3; i++) {
            circuits.breaker(id).recordFailure();
        }
    }

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** A provider type whose instances are given. */
    private static final class FakeProvider implements ModelProvider {
        private final String type;
        private final List<ProviderInstance> instances;

        FakeProvider(String type, ProviderInstance... instances) {
            this.type = type;
            this.instances = List.of(instances);
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
            return instances.stream().map(ProviderInstance::config).toList();
        }

        @Override
        public ProviderInstance createInstance(InstanceConfig config) {
            return instances.stream().filter(i -> i.id().equals(config.id())).findFirst().orElseThrow();
        }
    }

    private static class PlainInstance implements ProviderInstance {
        private final InstanceConfig config;

        PlainInstance(String id, ModelInfo... models) {
            this(id, Map.of(), models);
        }

        PlainInstance(String id, Map<String, String> settings, ModelInfo... models) {
            this.config = new InstanceConfig(id, "fake", null, null, List.of(models), 1, settings);
        }

        @Override
        public InstanceConfig config() {
            return config;
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
            return CompletableFuture.failedFuture(new ProviderException(ErrorCode.UNAVAILABLE, "not in this test"));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** Answers checks at once (passing, or failing with the code set), or never. */
    private static final class CheckedInstance extends PlainInstance implements HealthCheckable {
        volatile int calls;
        volatile ErrorCode failure;
        volatile boolean hang;
        final List<CompletableFuture<HealthCheckResult>> pending = new ArrayList<>();

        CheckedInstance(String id, ModelInfo... models) {
            super(id, models);
        }

        CheckedInstance(String id, Map<String, String> settings, ModelInfo... models) {
            super(id, settings, models);
        }

        void failWith(ErrorCode code) {
            failure = code;
        }

        @Override
        public CompletionStage<HealthCheckResult> check(CallContext context) {
            calls++;
            CompletableFuture<HealthCheckResult> answer = new CompletableFuture<>();
            pending.add(answer);
            if (hang) {
                return answer;
            }
            ErrorCode code = failure;
            if (code == null) {
                answer.complete(HealthCheckResult.of("ok"));
            } else {
                answer.completeExceptionally(new ProviderException(code, "check failed"));
            }
            return answer;
        }
    }
}
