package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.core.internal.testing.RecordingPluginLog;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** What core does with a plugin's failures: a bug is not retried where it happened, and its author is told once. */
public class PluginFailureTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);
    private static final String KEY = "sk-test-0123456789";

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final RecordingPluginLog log = new RecordingPluginLog();
    private final InstanceRegistry registry = new InstanceRegistry(metrics,
            () -> new RouteHealth(50, 30_000, System::nanoTime), log);
    private final Pipeline pipeline = new Pipeline(registry, List::of, List::of, List::of, metrics,
            new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));

    private static ChatRequest request(boolean stream) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null, null, stream, false,
                null, Map.of());
    }

    private ChatOutcome chat() {
        return pipeline.chat(CALLER, request(false)).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private ScriptedProvider provider(String... instances) {
        ScriptedProvider provider = new ScriptedProvider("scripted");
        for (String id : instances) {
            provider.withConfig(new InstanceConfig(id, "scripted", null, KEY, List.of(MODEL), 1, Map.of()));
        }
        registry.addProvider(provider);
        return provider;
    }

    @Test
    public void aRuntimeExceptionFromTheOnlyInstanceIsNotRetriedAndIsA502() {
        ScriptedProvider provider = provider("only");
        provider.failNext("only", new NullPointerException("mapping bug"));

        assertThatThrownBy(this::chat).hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(502));
        assertThat(provider.received()).as("one call, no retries with back-off").hasSize(1);
    }

    @Test
    public void aThrownRuntimeExceptionFailsOverAndIsNeverTriedAgainByThatRequest() {
        ScriptedProvider provider = provider("a", "b");
        provider.throwNext("a", new IllegalArgumentException("bug"));
        provider.failNext("b", new ProviderException(ErrorCode.UNAVAILABLE, "busy"));

        ChatOutcome outcome = chat();

        assertThat(outcome.instanceId()).isEqualTo("b");
        assertThat(provider.received()).as("a once, b twice (its failure was retryable)").hasSize(3);
    }

    @Test
    public void anIllegalStateExceptionFromAnInstanceCoreDidNotCloseIsABugNotAnOutage() {
        ScriptedProvider provider = provider("only");
        provider.failNext("only", new IllegalStateException("not initialised"));
        RecordingListener listener = new RecordingListener();

        pipeline.chatStream(CALLER, request(true), listener);

        assertThat(listener.events).endsWith("error");
        assertThat(listener.error.status()).as("not 503 'going away'").isEqualTo(502);
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void anIllegalStateExceptionFromAnInstanceCoreClosedIsRetryable() {
        ScriptedProvider provider = provider("only");
        var route = registry.get().routes("m1").get(0);
        registry.removeProvider(provider);

        assertThat(route.closedByCore()).isTrue();
        assertThat(ErrorTranslation.asProviderException(new IllegalStateException("closed"), route.closedByCore())
                .retryable()).isTrue();
    }

    @Test
    public void eachFailureCodeIsLoggedOncePerInstanceWithItsBundleAndCauseAndCountedInStats() {
        ScriptedProvider provider = provider("a");
        provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "upstream said: bad key " + KEY, true, null,
                503, new java.io.IOException("connection reset")));
        provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "again"));
        provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "and again"));
        provider.failNext("a", new NullPointerException("oops"));

        for (int i = 0; i < 4; i++) {
            try {
                chat();
            } catch (RuntimeException expected) {
                // every call fails: the only instance keeps failing
            }
        }

        assertThat(log.warnings).hasSize(2);
        assertThat(log.warnings.get(0)).contains("instance 'a'", "type scripted", "bundle ", "UNAVAILABLE",
                "connection reset", "<redacted>").doesNotContain(KEY);
        assertThat(log.warnings.get(1)).contains("instance 'a'", "INTERNAL", "java.lang.NullPointerException: oops",
                "PluginFailureTest");
        assertThat(log.debugs).hasSize(2).allSatisfy(line -> assertThat(line).contains("UNAVAILABLE"));
        StatsReport stats = pipelineStats();
        assertThat(stats.failures()).containsExactly(new StatsReport.Failures("a", "INTERNAL", 1),
                new StatsReport.Failures("a", "UNAVAILABLE", 3));
    }

    private StatsReport pipelineStats() {
        return new StatsReport(List.of(), 0, 0, registry.failureCounts());
    }
}
