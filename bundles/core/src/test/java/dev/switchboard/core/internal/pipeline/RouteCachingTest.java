package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.routing.ModelRoute;
import dev.switchboard.testkit.ScriptedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/** {@code route.<alias>.cache}: a route turns every cache level, or only the semantic one, off for its requests. */
public class RouteCachingTest {

    private static final ModelInfo M1 = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final Level exact = new Level(CacheLevel.MEMORY);
    private final Level semantic = new Level(CacheLevel.SEMANTIC);
    private ScriptedProvider provider;
    private Pipeline pipeline;

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", M1);
        registry.addProvider(provider);
        List<String> problems = new ArrayList<>();
        registry.configureRoutes(ModelRoute.parse(Map.of(
                "route.cached", "m1",
                "route.precise", "m1",
                "route.precise.cache", "exact",
                "route.fresh", "m1",
                "route.fresh.cache", "OFF"), problems));
        assertThat(problems).isEmpty();
        pipeline = new Pipeline(registry, () -> List.of(exact, semantic), List::of, List::of, metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));
    }

    @Test
    public void aRouteOnAsksEveryLevel() {
        chat("cached");
        chat("cached");
        assertThat(exact.asked).isEqualTo(2);
        assertThat(semantic.asked).isEqualTo(1);
        assertThat(semantic.stored).isEqualTo(1);
    }

    @Test
    public void anExactRouteNeverAsksNorFillsTheSemanticLevel() {
        chat("precise");
        assertThat(chat("precise").cacheStatus()).isEqualTo("hit-l1");
        assertThat(semantic.asked).isZero();
        assertThat(semantic.stored).isZero();
        assertThat(exact.stored).isEqualTo(1);
    }

    @Test
    public void anOffRouteUsesNoCache() {
        chat("fresh");
        assertThat(chat("fresh").cached()).isFalse();
        assertThat(exact.asked + semantic.asked + exact.stored + semantic.stored).isZero();
        assertThat(provider.received()).hasSize(2);
    }

    @Test
    public void aMalformedSwitchIsReported() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelRoute> routes = ModelRoute.parse(Map.of("route.r", "m1", "route.r.cache", "sometimes"),
                problems);
        assertThat(problems).singleElement().asString().contains("route.r.cache");
        assertThat(routes.get("r").caching()).isEqualTo(ModelRoute.Caching.ON);
    }

    private dev.switchboard.core.api.ChatOutcome chat(String model) {
        ChatRequest request = new ChatRequest(model, List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null, null,
                false, false, null, Map.of());
        return pipeline.chat(CALLER, request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static final class Level implements ResponseCache {
        private final CacheLevel level;
        private final Map<String, ChatResponse> entries = new ConcurrentHashMap<>();
        int asked;
        int stored;

        Level(CacheLevel level) {
            this.level = level;
        }

        @Override
        public String name() {
            return level.name();
        }

        @Override
        public CacheLevel level() {
            return level;
        }

        @Override
        public Optional<ChatResponse> get(CacheKey key) {
            asked++;
            return Optional.ofNullable(entries.get(key.exactKey()));
        }

        @Override
        public void put(CacheKey key, ChatResponse response) {
            stored++;
            entries.put(key.exactKey(), response);
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(0, 0, 0, 0, entries.size());
        }
    }
}
