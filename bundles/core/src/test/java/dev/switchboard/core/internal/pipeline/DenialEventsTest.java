package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.testkit.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/** A denied request publishes one event: quota.exceeded or rate-limit.exceeded by the limit's kind. */
public class DenialEventsTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final List<QuotaStrategy> quotas = new CopyOnWriteArrayList<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final GatewayEvents bound = (type, properties) -> published.add(new Published(type, Map.<String, Object>copyOf(properties)));
    private ScriptedProvider provider;
    private Pipeline pipeline;

    private record Published(GatewayEventType type, Map<String, Object> properties) {
    }

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", MODEL);
        registry.addProvider(provider);
        pipeline = new Pipeline(registry, List::of, () -> List.copyOf(quotas), List::<SelectionStrategy>of, metrics,
                new PipelineSettings(5_000, 1, 10, 1_000, "round-robin", 1));
        pipeline.events().bind(bound);
    }

    private static ChatRequest request() {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), null, null, null, null, null, false, false,
                null, Map.of());
    }

    private static QuotaStrategy denying(String name) {
        return new QuotaStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public QuotaDecision check(QuotaRequest request) {
                return QuotaDecision.deny("Limit reached", Duration.ofSeconds(5), 20);
            }
        };
    }

    @Test
    public void aRateLimitDenialPublishesRateLimitExceededWithTheKeyIdNeverTheKey() {
        QuotaStrategy rpm = denying("rpm");
        pipeline.events().quotaBound(rpm, Map.of());
        quotas.add(rpm);
        assertThatThrownBy(() -> pipeline.chat(CALLER, request())).isInstanceOf(GatewayException.class);
        assertThat(published).hasSize(1);
        Published event = published.get(0);
        assertThat(event.type()).isEqualTo(GatewayEventType.RATE_LIMIT_EXCEEDED);
        assertThat(event.properties()).containsEntry(EventProperties.TENANT, "acme")
                .containsEntry(EventProperties.KEY_ID, "key_1").containsEntry(EventProperties.MODEL, "m1")
                .containsEntry(EventProperties.LIMIT, "rpm").containsEntry(EventProperties.LIMIT_VALUE, 20L);
    }

    @Test
    public void aStrategyOfKindQuotaPublishesQuotaExceeded() {
        QuotaStrategy daily = denying("daily");
        pipeline.events().quotaBound(daily, Map.of(EventProperties.QUOTA_KIND_SERVICE_PROPERTY, "quota"));
        quotas.add(daily);
        assertThatThrownBy(() -> pipeline.chat(CALLER, request())).isInstanceOf(GatewayException.class);
        assertThat(published).extracting(Published::type).containsExactly(GatewayEventType.QUOTA_EXCEEDED);
    }

    @Test
    public void anAdmittedRequestPublishesNothing() {
        pipeline.chat(CALLER, request()).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(published).isEmpty();
    }

    @Test
    public void theConcurrencyLimitPublishesRateLimitExceeded() {
        provider.neverAnswer(true);
        pipeline.chat(CALLER, request());
        assertThatThrownBy(() -> pipeline.chat(CALLER, request())).isInstanceOf(GatewayException.class);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).type()).isEqualTo(GatewayEventType.RATE_LIMIT_EXCEEDED);
        assertThat(published.get(0).properties()).containsEntry(EventProperties.LIMIT, "max.concurrent.per.key");
        provider.neverAnswer(false);
    }

    @Test
    public void withoutAnEventServiceADenialIsStillJustA429() {
        pipeline.events().unbind(bound);
        quotas.add(denying("rpm"));
        assertThatThrownBy(() -> pipeline.chat(CALLER, request())).isInstanceOf(GatewayException.class);
        assertThat(published).isEmpty();
    }
}
