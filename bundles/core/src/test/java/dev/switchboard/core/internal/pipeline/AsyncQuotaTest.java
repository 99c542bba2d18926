package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.testkit.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * Quota strategies that answer later (an exact limit or a budget asking the grid): the request waits for them
 * without a thread, goes on when they admit, and every end settles or releases what they hold exactly once.
 */
public class AsyncQuotaTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 100_000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final Grid grid = new Grid();
    private final List<QuotaStrategy> quotas = new CopyOnWriteArrayList<>();
    private ScriptedProvider provider;
    private Pipeline pipeline;

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", MODEL);
        registry.addProvider(provider);
        pipeline = new Pipeline(registry, List::of, () -> List.copyOf(quotas), List::of, metrics,
                new PipelineSettings(5_000, 1, 10, 1_000, "round-robin"));
        quotas.add(grid);
    }

    private static ChatRequest request(Integer maxTokens) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", "12345678")), null, null, maxTokens, null, null,
                false, false, null, Map.of());
    }

    @Test
    public void theRequestWaitsForTheGridWithoutCallingTheProviderThenGoesOn() {
        CompletableFuture<ChatOutcome> outcome = pipeline.chat(CALLER, request(100)).toCompletableFuture();

        assertThat(outcome).isNotDone();
        assertThat(provider.received()).isEmpty();
        grid.answer(QuotaDecision.ADMIT);

        assertThat(outcome.orTimeout(5, TimeUnit.SECONDS).join().costUsd()).isEqualByComparingTo("0.006");
        assertThat(grid.recorded).singleElement().satisfies(c -> assertThat(c).isEqualByComparingTo("0.006"));
        assertThat(grid.released).isEmpty();
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void theStrategyIsToldTheRequestIdAndItsMaximumCost() {
        pipeline.chat(CALLER, request(100));
        QuotaRequest asked = grid.asked.get(0);
        // prompt 4 + 8/4 = 6 tokens at $2/M + 100 completion tokens at $8/M
        assertThat(asked.maxCostUsd()).isEqualByComparingTo("0.000812");
        assertThat(asked.requestId()).startsWith("req_");
        assertThat(asked.provider()).isEqualTo("scripted");
        pipeline.chat(CALLER, request(100));
        assertThat(grid.asked.get(1).requestId()).isNotEqualTo(asked.requestId());
    }

    @Test
    public void aDenialFromTheGridIs429WithRateLimitHeadersAndGivesEverythingBack() {
        LocalAdmit local = new LocalAdmit();
        quotas.add(0, local);
        CompletableFuture<ChatOutcome> outcome = pipeline.chat(CALLER, request(100)).toCompletableFuture();
        grid.answer(QuotaDecision.deny("budget_exceeded", "cost", "Budget 'acme' is spent", Duration.ofHours(2), 50));

        assertThatThrownBy(() -> outcome.orTimeout(5, TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> {
                    GatewayException error = (GatewayException) e.getCause();
                    assertThat(error.status()).isEqualTo(429);
                    assertThat(error.code()).isEqualTo("budget_exceeded");
                    assertThat(error.type()).isEqualTo("insufficient_quota");
                    assertThat(error.retryAfter()).isEqualTo(Duration.ofHours(2));
                    assertThat(error.headers()).containsEntry("x-ratelimit-limit-cost", "50")
                            .containsEntry("x-ratelimit-remaining-cost", "0")
                            .containsEntry("x-ratelimit-reset-cost", "2h0m0s");
                });
        assertThat(provider.received()).isEmpty();
        assertThat(local.released).as("the strategy that admitted gives its hold back").hasSize(1);
        assertThat(pipeline.inFlight("key_1")).isZero();
        assertThat(metrics.report().quotaDenials()).isEqualTo(1);
    }

    @Test
    public void aFailedCallReleasesInsteadOfRecording() {
        provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "no"));
        CompletableFuture<ChatOutcome> outcome = pipeline.chat(CALLER, request(100)).toCompletableFuture();
        grid.answer(QuotaDecision.ADMIT);

        assertThatThrownBy(() -> outcome.orTimeout(5, TimeUnit.SECONDS).join()).hasCauseInstanceOf(GatewayException.class);
        assertThat(grid.released).hasSize(1);
        assertThat(grid.recorded).isEmpty();
    }

    @Test
    public void aStreamStartsWhenTheGridAdmitsAndFailsWithThe429WhenItDenies() {
        RecordingListener admitted = new RecordingListener();
        pipeline.chatStream(CALLER, request(100).toBuilder().stream(true).build(), admitted);
        assertThat(admitted.events).isEmpty();
        grid.answer(QuotaDecision.ADMIT);
        assertThat(admitted.summary).isNotNull();
        assertThat(grid.recorded).hasSize(1);

        RecordingListener denied = new RecordingListener();
        pipeline.chatStream(CALLER, request(100).toBuilder().stream(true).build(), denied);
        grid.answer(QuotaDecision.deny("Too many tokens", Duration.ofSeconds(3), 10));
        assertThat(denied.error).isNotNull();
        assertThat(denied.error.status()).isEqualTo(429);
        assertThat(denied.error.headers()).containsEntry("x-ratelimit-reset-requests", "3s");
        assertThat(denied.chunks).isEmpty();
        assertThat(grid.released).hasSize(1);
    }

    @Test
    public void aStreamCancelledWhileWaitingNeverStartsAndGivesItsHoldBack() {
        RecordingListener listener = new RecordingListener();
        var handle = pipeline.chatStream(CALLER, request(100).toBuilder().stream(true).build(), listener);
        handle.cancel();
        grid.answer(QuotaDecision.ADMIT);

        assertThat(provider.received()).isEmpty();
        assertThat(grid.released).hasSize(1);
        assertThat(pipeline.inFlight("key_1")).isZero();
    }

    @Test
    public void aStrategyThatAnswersAtOnceKeepsTheRequestOnItsThread() {
        quotas.clear();
        LocalAdmit local = new LocalAdmit();
        quotas.add(local);
        CompletableFuture<ChatOutcome> outcome = pipeline.chat(CALLER, request(100)).toCompletableFuture();
        assertThat(outcome).as("the scripted provider answers at once, so nothing waited").isDone();
        assertThat(local.recorded).hasSize(1);
        assertThat(local.released).isEmpty();
    }

    @Test
    public void aStrategyWhoseGridCallFailsAdmitsLoudlyRatherThanFailingTheRequest() {
        CompletableFuture<ChatOutcome> outcome = pipeline.chat(CALLER, request(100)).toCompletableFuture();
        grid.pending.remove(0).completeExceptionally(new IllegalStateException("grid unreachable"));
        assertThat(outcome.orTimeout(5, TimeUnit.SECONDS).join().costUsd()).isEqualByComparingTo("0.006");
    }

    @Test
    public void resetTextIsWrittenAsOpenAiDoes() {
        assertThat(QuotaCheck.resetText(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(QuotaCheck.resetText(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(QuotaCheck.resetText(Duration.ofSeconds(360))).isEqualTo("6m0s");
        assertThat(QuotaCheck.resetText(Duration.ofMillis(1500))).isEqualTo("2s");
    }

    /** A strategy answering later, as one asking the grid does; the test plays the grid's answer. */
    private static final class Grid implements QuotaStrategy {
        final List<QuotaRequest> asked = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<QuotaDecision>> pending = new CopyOnWriteArrayList<>();
        final List<BigDecimal> recorded = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "grid";
        }

        @Override
        public QuotaDecision check(QuotaRequest request) {
            throw new AssertionError("core asks checkAsync");
        }

        @Override
        public CompletionStage<QuotaDecision> checkAsync(QuotaRequest request) {
            asked.add(request);
            CompletableFuture<QuotaDecision> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        }

        void answer(QuotaDecision decision) {
            pending.remove(pending.size() - 1).complete(decision);
        }

        @Override
        public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
            recorded.add(costUsd);
        }

        @Override
        public void release(QuotaRequest request) {
            released.add(request.requestId());
        }
    }

    private static final class LocalAdmit implements QuotaStrategy {
        final List<BigDecimal> recorded = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "local";
        }

        @Override
        public QuotaDecision check(QuotaRequest request) {
            return QuotaDecision.admit(10, 9);
        }

        @Override
        public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
            recorded.add(costUsd);
        }

        @Override
        public void release(QuotaRequest request) {
            released.add(request.requestId());
        }
    }
}
