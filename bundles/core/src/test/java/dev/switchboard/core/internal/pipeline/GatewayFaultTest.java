package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.plugins.PluginLog;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Something that throws inside the gateway while a call ends (handling a provider's failure, a listener
 * callback) ends the request with an error; it never leaves the client waiting for its own timeout.
 */
public class GatewayFaultTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    /** A log that fails: handling any provider failure throws inside core. */
    private static final PluginLog BROKEN_LOG = new PluginLog() {
        @Override
        public void warn(String message, Throwable cause) {
            throw new IllegalStateException("log appender broke");
        }

        @Override
        public void debug(String message) {
            throw new IllegalStateException("log appender broke");
        }
    };

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());

    private Pipeline pipeline(PluginLog log, ScriptedProvider provider) {
        InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(50, 30_000, System::nanoTime),
                log);
        registry.addProvider(provider);
        return new Pipeline(registry, List::of, List::of, List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));
    }

    private static ChatRequest request(boolean stream) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null, null, stream, false,
                null, Map.of());
    }

    @Test
    public void aChatEndsWithAnErrorWhenHandlingTheProvidersFailureThrows() {
        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("only", MODEL);
        provider.failNext("only", new ProviderException(ErrorCode.UNAVAILABLE, "busy"));
        Pipeline pipeline = pipeline(BROKEN_LOG, provider);

        assertThatThrownBy(() -> pipeline.chat(CALLER, request(false)).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(500));
    }

    @Test
    public void aStreamEndsWithAnErrorWhenHandlingTheProvidersFailureThrows() {
        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("only", MODEL);
        provider.failNext("only", new ProviderException(ErrorCode.UNAVAILABLE, "busy"));
        RecordingListener listener = new RecordingListener();

        pipeline(BROKEN_LOG, provider).chatStream(CALLER, request(true), listener);

        assertThat(listener.events).containsExactly("error");
        assertThat(listener.error.status()).isEqualTo(500);
    }

    @Test
    public void aListenerThatThrowsEndsTheStreamWithAnErrorAndStopsTheUpstreamWithoutBlamingTheProvider() {
        ScriptedProvider provider = new ScriptedProvider("scripted").withInstance("only", MODEL);
        provider.holdStreams(true);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                super.onChunk(chunk);
                throw new IllegalStateException("response already committed");
            }
        };

        pipeline(PluginLog.SLF4J, provider).chatStream(CALLER, request(true), listener);

        assertThat(listener.events).containsExactly("start", "chunk", "error");
        assertThat(listener.error.status()).isEqualTo(500);
        assertThat(provider.upstreamCancelled()).as("upstream cancelled").isTrue();
        assertThat(metrics.report().rows()).allSatisfy(row -> assertThat(row.errors()).isZero());
    }
}
