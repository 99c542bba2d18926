package dev.switchboard.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.core.internal.testing.RecordingListener;
import dev.switchboard.testkit.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

public class PipelineTest {

    private static final ModelInfo MODEL = ModelInfo.text("m1", "2.00", "8.00", 1000);
    private static final Caller CALLER = new Caller("key_1", "test", "acme", false);

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
    private final InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
    private final List<ResponseCache> caches = new ArrayList<>();
    private final List<QuotaStrategy> quotas = new ArrayList<>();
    private final List<SelectionStrategy> selections = new ArrayList<>();
    private ScriptedProvider provider;
    private Pipeline pipeline;

    @Before
    public void setUp() {
        provider = new ScriptedProvider("scripted").withInstance("a", MODEL).withInstance("b", MODEL);
        registry.addProvider(provider);
        pipeline = new Pipeline(registry, () -> List.copyOf(caches), () -> List.copyOf(quotas),
                () -> List.copyOf(selections), metrics,
                new PipelineSettings(5_000, 3, 10, 1_000, "round-robin"));
    }

    private static ChatRequest request(String text) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", text)), null, null, null, null, null, false, false,
                null, Map.of());
    }

    private static ChatRequest deterministic(String text) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", text)), 0.0, null, null, null, null, false, false,
                null, Map.of());
    }

    private ChatOutcome chat(ChatRequest request) {
        return pipeline.chat(CALLER, request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    public void servesFromTheFirstRouteAndAccountsTokensTimesPrice() {
        ChatOutcome outcome = chat(request("hi"));

        assertThat(outcome.response().firstContent()).isEqualTo("a:hi");
        assertThat(outcome.instanceId()).isEqualTo("a");
        // 1000 prompt tokens at $2/M + 500 completion tokens at $8/M
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.006");
        var row = metrics.report().rows().stream().filter(r -> r.instanceId().equals("a")).findFirst().orElseThrow();
        assertThat(row.requests()).isEqualTo(1);
        assertThat(row.promptTokens()).isEqualTo(1000);
        assertThat(row.costUsd()).isEqualByComparingTo("0.006");
    }

    @Test
    public void aProviderThatNeverAnswersIsCutOffAtTheDeadlineWith504() {
        registry.removeProvider(provider);
        ScriptedProvider silent = new ScriptedProvider("silent").withInstance("s", MODEL);
        silent.neverAnswer(true);
        registry.addProvider(silent);

        var pending = pipeline.chat(CALLER, request("hi")).toCompletableFuture();
        pipeline.deadlines().sweep(java.time.Instant.now());
        assertThat(pending).as("not yet past the deadline").isNotDone();
        pipeline.deadlines().sweep(java.time.Instant.now().plusSeconds(10));

        assertThatThrownBy(pending::join).hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(504))
                .satisfies(e -> assertThat(e.getCause().getMessage()).as("says who and how long")
                        .contains("'s'", "timed out after 5000 ms"));
        assertThat(silent.upstreamCancelled()).as("the upstream call is abandoned").isTrue();
        assertThat(pipeline.deadlines().size()).isZero();
    }

    @Test
    public void aStreamThatNeverStartsIsCutOffAtTheDeadline() {
        registry.removeProvider(provider);
        ScriptedProvider silent = new ScriptedProvider("silent").withInstance("s", MODEL);
        silent.neverAnswer(true);
        registry.addProvider(silent);
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, streaming("hi", false), listener);

        pipeline.deadlines().sweep(java.time.Instant.now().plusSeconds(10));

        assertThat(listener.events).containsExactly("error");
        assertThat(listener.error.status()).isEqualTo(504);
        assertThat(listener.error.getMessage()).contains("'s'", "timed out after 5000 ms");
        assertThat(silent.upstreamCancelled()).isTrue();
    }

    @Test
    public void finishedCallsLeaveTheDeadlineWatch() {
        chat(request("hi"));
        pipeline.chatStream(CALLER, streaming("hello", false), new RecordingListener());
        assertThat(pipeline.deadlines().size()).isZero();
    }

    @Test
    public void unknownModelIsModelNotFound() {
        ChatRequest unknown = new ChatRequest("nope", List.of(ChatMessage.of("user", "x")), null, null, null, null,
                null, false, false, null, Map.of());
        assertThatThrownBy(() -> pipeline.chat(CALLER, unknown))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("model_not_found");
                });
    }

    @Test
    public void failsOverToTheNextRouteOnARetryableError() {
        provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "down"));

        ChatOutcome outcome = chat(request("hi"));

        assertThat(outcome.instanceId()).isEqualTo("b");
        assertThat(outcome.attempts()).isEqualTo(2);
    }

    @Test
    public void failsOverWhenOneInstancesUpstreamKeyIsRejected() {
        provider.failNext("a", new ProviderException(ErrorCode.AUTH, "revoked", false, null, 401, null));

        ChatOutcome outcome = chat(request("hi"));

        assertThat(outcome.instanceId()).isEqualTo("b");
    }

    @Test
    public void doesNotFailOverWhenTheClientsRequestIsAtFault() {
        provider.failNext("a", new ProviderException(ErrorCode.BAD_REQUEST, "bad temperature"));

        assertThatThrownBy(() -> chat(request("hi"))).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(400));
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void retriesTheOnlyRouteAfterBackOffAndGivesUpAfterMaxAttempts() {
        registry.removeProvider(provider);
        ScriptedProvider single = new ScriptedProvider("single").withInstance("only", MODEL);
        registry.addProvider(single);
        for (int i = 0; i < 3; i++) {
            single.failNext("only", new ProviderException(ErrorCode.UNAVAILABLE, "down"));
        }

        assertThatThrownBy(() -> chat(request("hi"))).hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e.getCause()).status()).isEqualTo(503));
        assertThat(single.received()).hasSize(3);

        single.failNext("only", new ProviderException(ErrorCode.RATE_LIMIT, "slow down", true, Duration.ofMillis(20), 429, null));
        assertThat(chat(request("again")).attempts()).isEqualTo(2);
    }

    @Test
    public void aRetryAfterLongerThanAllowedFailsWith429AndTheRetryAfter() {
        registry.removeProvider(provider);
        ScriptedProvider single = new ScriptedProvider("single").withInstance("only", MODEL);
        registry.addProvider(single);
        single.failNext("only", new ProviderException(ErrorCode.RATE_LIMIT, "slow down", true, Duration.ofSeconds(30), 429, null));

        assertThatThrownBy(() -> chat(request("hi"))).hasCauseInstanceOf(GatewayException.class)
                .satisfies(e -> {
                    GatewayException error = (GatewayException) e.getCause();
                    assertThat(error.status()).isEqualTo(429);
                    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    public void aQuotaDenialIs429WithRetryAfterAndNoProviderCall() {
        quotas.add(new QuotaStrategy() {
            @Override
            public String name() {
                return "deny";
            }

            @Override
            public QuotaDecision check(QuotaRequest request) {
                assertThat(request.keyId()).isEqualTo("key_1");
                return QuotaDecision.deny("Rate limit reached", Duration.ofSeconds(12), 10);
            }
        });

        assertThatThrownBy(() -> pipeline.chat(CALLER, request("hi")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.type()).isEqualTo("rate_limit_error");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
                });
        assertThat(provider.received()).isEmpty();
        assertThat(metrics.report().quotaDenials()).isEqualTo(1);
    }

    @Test
    public void aQuotaRecordsWhatTheRequestReallyUsed() {
        RecordingQuota quota = new RecordingQuota();
        quotas.add(quota);
        chat(request("hi"));
        assertThat(quota.costs).singleElement().satisfies(c -> assertThat(c).isEqualByComparingTo("0.006"));
    }

    /** Issue 8: {@code n: 128} asked for 128 completions while quotas were told of one. */
    @Test
    public void quotasAreToldOfEveryChoiceTheRequestAsksFor() {
        RecordingQuota quota = new RecordingQuota();
        quotas.add(quota);
        ChatRequest one = new ChatRequest("m1", List.of(ChatMessage.of("user", "12345678")), null, null, 100, null,
                null, false, false, null, Map.of());
        ChatRequest four = new ChatRequest("m1", List.of(ChatMessage.of("user", "12345678")), null, null, 100, null,
                null, false, false, null, Map.of("n", 4));

        chat(one);
        chat(four);

        // prompt: 4 per message + 8 chars / 4 = 6 tokens, once; completion: 100 per choice
        assertThat(quota.checked).extracting(QuotaRequest::estimatedTokens).containsExactly(106L, 406L);
    }

    private static ChatRequest withFields(String model, Map<String, Object> fields) {
        return new ChatRequest(model, List.of(ChatMessage.of("user", "x")), null, null, null, null, null, false, false,
                null, fields);
    }

    private void addPolicedInstances() {
        ModelInfo shared = ModelInfo.text("m2", "1.00", "1.00", 1000);
        ModelInfo strictOnly = ModelInfo.text("m3", "1.00", "1.00", 1000);
        registry.addProvider(new ScriptedProvider("policed")
                .withInstance("strict", Map.of("field.max.n", "4", "field.allowed.service_tier", "default, auto",
                        "field.deny", "logprobs,top_logprobs"), shared, strictOnly)
                .withInstance("lenient", Map.of(), shared)
                .withInstance("broken", Map.of("field.max.n", "four"), shared));
    }

    @Test
    public void aRouteWhosePolicyRefusesTheRequestIsSkippedForOneThatAccepts() {
        addPolicedInstances();
        for (int i = 0; i < 4; i++) {
            assertThat(chat(withFields("m2", Map.of("n", 8))).instanceId()).isEqualTo("lenient");
            assertThat(chat(withFields("m2", Map.of("service_tier", "priority"))).instanceId()).isEqualTo("lenient");
            assertThat(chat(withFields("m2", Map.of("logprobs", true))).instanceId()).isEqualTo("lenient");
        }
        // within its policy the first route (registration order, no strategy bound) serves as before
        assertThat(chat(withFields("m2", Map.of("n", 4, "service_tier", "auto"))).instanceId()).isEqualTo("strict");
        // an instance whose policy does not parse is not created at all: it must not serve unpoliced
        assertThat(registry.instanceTypes()).doesNotContainKey("broken");
    }

    @Test
    public void aRequestEveryRouteRefusesIsA400NamingTheField() {
        addPolicedInstances();
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("n", 128), "n",
                Map.of("n", "many"), "n",
                Map.of("service_tier", "priority"), "service_tier",
                Map.of("service_tier", Map.of("x", 1)), "service_tier",
                Map.of("top_logprobs", 5), "top_logprobs");
        cases.forEach((fields, param) -> assertThatThrownBy(() -> chat(withFields("m3", fields)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.param()).isEqualTo(param);
                }));
        assertThat(chat(withFields("m3", Map.of("n", 2, "service_tier", "default"))).instanceId()).isEqualTo("strict");
    }

    @Test
    public void deterministicRequestsAreAnsweredFromCacheAndOthersAreNot() {
        MapCache cache = new MapCache();
        caches.add(cache);

        chat(deterministic("hi"));
        ChatOutcome second = chat(deterministic("hi"));
        assertThat(second.cached()).isTrue();
        assertThat(second.response().firstContent()).isEqualTo("a:hi");
        assertThat(provider.received()).hasSize(1);

        chat(request("hi"));
        chat(request("hi"));
        assertThat(provider.received()).hasSize(3);
        assertThat(cache.entries).hasSize(1);
    }

    @Test
    public void anL2HitSaysItsLevelIsCopiedIntoL1AndIsCountedWithWhatItSaved() {
        MapCache l1 = new MapCache(CacheLevel.MEMORY);
        MapCache l2 = new MapCache(CacheLevel.DISTRIBUTED);
        caches.add(l1);
        caches.add(l2);

        assertThat(chat(deterministic("hi")).cacheStatus()).isEqualTo("miss");
        // as on another node: the grid has the answer, this node's memory does not
        l1.entries.clear();
        ChatOutcome fromL2 = chat(deterministic("hi"));
        ChatOutcome fromL1 = chat(deterministic("hi"));

        assertThat(fromL2.cacheStatus()).isEqualTo("hit-l2");
        assertThat(fromL1.cacheStatus()).isEqualTo("hit-l1");
        assertThat(l1.entries).hasSize(1);
        assertThat(provider.received()).hasSize(1);
        var totals = metrics.report().cacheTotals();
        assertThat(totals.misses()).isEqualTo(1);
        var byLevel = totals.levels().stream().collect(java.util.stream.Collectors.toMap(
                dev.switchboard.core.api.StatsReport.LevelTotals::level, t -> t));
        assertThat(byLevel.get("l1").hits()).isEqualTo(1);
        assertThat(byLevel.get("l2").hits()).isEqualTo(1);
        assertThat(byLevel.get("l2").tokensSaved()).isEqualTo(fromL2.response().usage().totalTokens()).isPositive();
        assertThat(byLevel.get("semantic").hits()).isZero();
        assertThat(totals.hitRatio()).isEqualTo(2.0 / 3);
        assertThat(metrics.registry().getGauges().get("switchboard.cache.hit.ratio").getValue()).isEqualTo(2.0 / 3);
        assertThat(metrics.registry().getCounters().get("switchboard.cache.l2.hits").getCount()).isEqualTo(1);
    }

    @Test
    public void noCacheRefreshesTheEntryAndNoStoreLeavesItAlone() {
        MapCache cache = new MapCache();
        caches.add(cache);
        ChatRequest refresh = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null, null,
                false, false, null, Map.of("cache", Map.of("no_cache", true)));
        ChatRequest peek = new ChatRequest("m1", List.of(ChatMessage.of("user", "new")), 0.0, null, null, null, null,
                false, false, null, Map.of("cache", Map.of("no_store", true)));

        chat(deterministic("hi"));
        assertThat(chat(refresh).cacheStatus()).isEqualTo("miss");
        assertThat(provider.received()).hasSize(2);
        assertThat(chat(deterministic("hi")).cacheStatus()).isEqualTo("hit-l1");

        chat(peek);
        assertThat(cache.entries).hasSize(1);
        assertThat(provider.received().get(1).extensions()).doesNotContainKey("cache");
    }

    @Test
    public void aStreamReplayedFromL2SaysItsLevel() {
        MapCache l2 = new MapCache(CacheLevel.DISTRIBUTED);
        caches.add(l2);
        chat(deterministic("hi"));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null,
                null, true, false, null, Map.of()), listener);

        assertThat(listener.cacheStatus).isEqualTo("hit-l2");
        assertThat(listener.content()).isEqualTo("a:hi");
    }

    @Test
    public void theGatewaysCacheFieldIsHonouredAndNeverSentUpstream() {
        caches.add(new MapCache());
        ChatRequest asking = new ChatRequest("m1", List.of(ChatMessage.of("user", "x")), 0.7, null, null, null, null,
                false, false, null, Map.of("cache", true));
        chat(asking);
        assertThat(chat(asking).cached()).isTrue();
        assertThat(provider.received().get(0).extensions()).doesNotContainKey("cache");
    }

    @Test
    public void theSelectionStrategyOrdersTheRoutes() {
        selections.add(new SelectionStrategy() {
            @Override
            public String name() {
                return "round-robin";
            }

            @Override
            public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
                return List.of(candidates.get(1), candidates.get(0));
            }
        });
        assertThat(chat(request("hi")).instanceId()).isEqualTo("b");
    }

    @Test
    public void aModelCanHaveItsOwnStrategyAndStrategiesSeeLiveStats() {
        List<Candidate> seen = new ArrayList<>();
        selections.add(named("round-robin", candidates -> candidates));
        selections.add(named("reversed", candidates -> {
            seen.addAll(candidates);
            return List.of(candidates.get(1), candidates.get(0));
        }));
        assertThat(chat(request("hi")).instanceId()).as("the default strategy").isEqualTo("a");

        pipeline.configureStrategies(StrategyChoice.byModel(Map.of("selection.strategy", "round-robin",
                "selection.strategy.m1", "reversed", "selection.strategy.other", "round-robin")));

        assertThat(chat(request("hi")).instanceId()).as("m1's own strategy").isEqualTo("b");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).stats().latencyEwmaMillis()).as("a answered once before").isGreaterThan(0.0);
        assertThat(seen.get(0).stats().inFlight()).isZero();
        assertThat(seen.get(0).stats().circuitState()).isEqualTo(dev.switchboard.api.selection.CircuitState.CLOSED);
    }

    private static SelectionStrategy named(String name, java.util.function.UnaryOperator<List<Candidate>> order) {
        return new SelectionStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
                return order.apply(candidates);
            }
        };
    }

    @Test
    public void aBrokenSelectionStrategyFallsBackToRegistrationOrder() {
        selections.add(new SelectionStrategy() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
                throw new IllegalStateException("boom");
            }
        });
        assertThat(chat(request("hi")).instanceId()).isEqualTo("a");
    }

    @Test
    public void streamsChunksAndHidesUsageUnlessAsked() {
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, streaming("hello", false), listener);

        assertThat(listener.events).startsWith("start").endsWith("complete");
        assertThat(listener.content()).isEqualTo("a:hello");
        assertThat(listener.chunks).noneMatch(c -> c.usage() != null);
        assertThat(listener.summary.usage()).isEqualTo(new Usage(1000, 500));
        assertThat(listener.summary.costUsd()).isEqualByComparingTo("0.006");
        assertThat(provider.received().get(0).includeUsage()).isTrue();

        RecordingListener withUsage = new RecordingListener();
        pipeline.chatStream(CALLER, streaming("hello", true), withUsage);
        assertThat(withUsage.chunks.get(withUsage.chunks.size() - 1).usage()).isEqualTo(new Usage(1000, 500));
    }

    @Test
    public void aStreamFailsOverBeforeItsFirstChunk() {
        provider.failNext("a", new ProviderException(ErrorCode.TIMEOUT, "slow"));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, streaming("hello", false), listener);

        assertThat(listener.instanceId).isEqualTo("b");
        assertThat(listener.content()).isEqualTo("b:hello");
        assertThat(listener.events).doesNotContain("error");
    }

    @Test
    public void anErrorAfterTheFirstChunkEndsTheStream() {
        provider.failMidStream(new ProviderException(ErrorCode.UNAVAILABLE, "cut at internal-host.corp"));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, streaming("hello", false), listener);

        assertThat(listener.events).endsWith("error");
        assertThat(listener.error.status()).isEqualTo(503);
        assertThat(listener.error.getMessage()).contains("stream from 'a' was cut after 2 chunks", "UNAVAILABLE")
                .doesNotContain("internal-host");
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void cancellingAStreamCancelsTheUpstreamCall() {
        provider.holdStreams(true);
        RecordingListener listener = new RecordingListener();
        var handle = pipeline.chatStream(CALLER, streaming("hello", false), listener);
        handle.cancel();
        assertThat(provider.upstreamCancelled()).isTrue();
        var row = metrics.report().rows().stream().filter(r -> r.instanceId().equals("a")).findFirst().orElseThrow();
        assertThat(row.requests()).as("what was generated before the client left is accounted").isEqualTo(1);
        assertThat(row.completionTokens()).isPositive();
        handle.cancel();
        assertThat(metrics.report().rows().stream().mapToLong(r -> r.requests()).sum()).isEqualTo(1);
    }

    @Test
    public void aStreamedAnswerIsCachedAndReplayedButNotOneWithToolCalls() {
        caches.add(new MapCache());
        ChatRequest streamed = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null, null,
                true, false, null, Map.of());
        pipeline.chatStream(CALLER, streamed, new RecordingListener());
        RecordingListener replay = new RecordingListener();
        pipeline.chatStream(CALLER, streamed, replay);
        assertThat(replay.instanceId).isEqualTo("cache");
        assertThat(replay.content()).isEqualTo("a:hi");
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void aCachedAnswerIsReplayedAsAStream() {
        caches.add(new MapCache());
        chat(deterministic("hi"));
        RecordingListener listener = new RecordingListener();
        ChatRequest streamed = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null, null,
                true, true, null, Map.of());
        pipeline.chatStream(CALLER, streamed, listener);

        assertThat(listener.instanceId).isEqualTo("cache");
        assertThat(listener.content()).isEqualTo("a:hi");
        assertThat(listener.chunks.get(listener.chunks.size() - 1).usage()).isNotNull();
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void aRequestInFlightKeepsItsRoutesWhileTheProviderIsRemovedAndFailsOver() {
        ScriptedProvider other = new ScriptedProvider("other").withInstance("c", MODEL);
        registry.addProvider(other);
        AtomicInteger calls = new AtomicInteger();
        selections.add(new SelectionStrategy() {
            @Override
            public String name() {
                return "round-robin";
            }

            @Override
            public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
                calls.incrementAndGet();
                // the request was admitted with all three routes; remove the first provider mid-request
                registry.removeProvider(provider);
                provider.failNext("a", new ProviderException(ErrorCode.UNAVAILABLE, "instance closed"));
                provider.failNext("b", new ProviderException(ErrorCode.UNAVAILABLE, "instance closed"));
                return candidates;
            }
        });
        ChatOutcome outcome = chat(request("hi"));
        assertThat(outcome.instanceId()).isEqualTo("c");
        assertThat(provider.closedInstances()).isEqualTo(2);
    }

    // ---- answers are faithful: fields beyond the modelled ones, cached and reasoning tokens ----

    private ScriptedProvider only(ModelInfo model) {
        registry.removeProvider(provider);
        ScriptedProvider single = new ScriptedProvider("single").withInstance("s", model);
        registry.addProvider(single);
        return single;
    }

    private static ChatResponse answerWithEveryKindOfField() {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("refusal", null);
        message.put("annotations", List.of(Map.of("type", "url_citation")));
        message.put("tool_calls", List.of(Map.of("id", "call_1", "type", "function")));
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("system_fingerprint", "fp_1");
        top.put("service_tier", "default");
        Usage usage = new Usage(1_000, 500, 800, 0, 300, Map.of("prompt_tokens_details", Map.of("cached_tokens", 800)));
        return new ChatResponse("chatcmpl-up", "m1-2025", 1_700_000_000L, List.of(new ChatChoice(0,
                new ChatMessage("assistant", "hello", null, message), "tool_calls",
                Map.of("logprobs", Map.of("content", List.of())))), usage, top);
    }

    @Test
    public void cachedInputIsPricedAtTheCatalogsCachedPriceAndReasoningOnlyOnceAsOutput() {
        ScriptedProvider single = only(ModelInfo.parse("m1=2.00/8.00/1000/0.50"));
        single.answerWith(answerWithEveryKindOfField());

        ChatOutcome outcome = chat(request("hi"));

        // 200 uncached x $2 + 800 cached x $0.50 + 500 completion (300 of them reasoning) x $8, per 1M
        assertThat(outcome.costUsd()).isEqualByComparingTo("0.0048");
        var row = metrics.report().rows().stream().filter(r -> r.instanceId().equals("s")).findFirst().orElseThrow();
        assertThat(row.costUsd()).isEqualByComparingTo("0.0048");
    }

    @Test
    public void anAnswerKeepsItsFieldsThroughTheCallAndTheCache() {
        caches.add(new MapCache());
        ScriptedProvider single = only(MODEL);
        ChatResponse upstream = answerWithEveryKindOfField();
        single.answerWith(upstream);

        ChatOutcome first = chat(deterministic("hi"));
        ChatOutcome second = chat(deterministic("hi"));

        assertThat(first.response()).isEqualTo(upstream);
        assertThat(second.cached()).isTrue();
        assertThat(second.response()).isEqualTo(upstream);
    }

    @Test
    public void aCachedAnswerReplayedAsAStreamKeepsItsFields() {
        caches.add(new MapCache());
        only(MODEL).answerWith(answerWithEveryKindOfField());
        chat(deterministic("hi"));
        RecordingListener listener = new RecordingListener();

        pipeline.chatStream(CALLER, new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null,
                null, true, true, null, Map.of()), listener);

        assertThat(listener.instanceId).isEqualTo(StreamListener.CACHE);
        assertThat(listener.chunks).allSatisfy(chunk -> {
            assertThat(chunk.id()).isEqualTo("chatcmpl-up");
            assertThat(chunk.model()).isEqualTo("m1-2025");
            assertThat(chunk.createdEpochSeconds()).isEqualTo(1_700_000_000L);
            assertThat(chunk.chunkExtensions()).containsEntry("system_fingerprint", "fp_1")
                    .containsEntry("service_tier", "default");
        });
        ChatChunk content = listener.chunks.get(1);
        assertThat(content.content()).isEqualTo("hello");
        assertThat(content.choiceExtensions()).containsKey("logprobs");
        assertThat(content.extensions()).containsKeys("refusal", "annotations");
        assertThat(content.extensions().get("tool_calls"))
                .isEqualTo(List.of(Map.of("index", 0, "id", "call_1", "type", "function")));
        assertThat(listener.chunks.get(2).finishReason()).isEqualTo("tool_calls");
        ChatChunk usage = listener.chunks.get(listener.chunks.size() - 1);
        assertThat(usage.usage().cachedPromptTokens()).isEqualTo(800);
        assertThat(usage.usage().extensions()).containsKey("prompt_tokens_details");
    }

    @Test
    public void aStreamedAnswerIsCachedWithItsTopLevelFieldsAndCreatedDespiteANullRefusal() {
        caches.add(new MapCache());
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("system_fingerprint", "fp_2");
        top.put("obfuscation", "x1");
        Map<String, Object> nullRefusal = new java.util.HashMap<>();
        nullRefusal.put("refusal", null);
        Map<String, Object> nullLogprobs = new java.util.HashMap<>();
        nullLogprobs.put("logprobs", null);
        only(MODEL).streamWith(List.of(
                new ChatChunk("chatcmpl-s", "m1-2025", 0, "assistant", "", null, null, nullRefusal, nullLogprobs, top, 1_600_000_000L),
                new ChatChunk("chatcmpl-s", "m1-2025", 0, null, "hey", null, null, Map.of(), nullLogprobs, top, 1_600_000_000L),
                new ChatChunk("chatcmpl-s", "m1-2025", 0, null, null, "stop", null, Map.of(), nullLogprobs, top, 1_600_000_000L),
                new ChatChunk("chatcmpl-s", "m1-2025", 0, null, null, null, new Usage(10, 2, 4, 0, 0, Map.of()),
                        Map.of(), Map.of(), top, 1_600_000_000L)));
        ChatRequest streamed = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null, null,
                true, false, null, Map.of());
        RecordingListener live = new RecordingListener();
        pipeline.chatStream(CALLER, streamed, live);
        assertThat(live.chunks.get(0).extensions()).as("reaches the client").containsKey("refusal");

        ChatOutcome cached = chat(deterministic("hi"));

        assertThat(cached.cached()).isTrue();
        assertThat(cached.response().firstContent()).isEqualTo("hey");
        assertThat(cached.response().createdEpochSeconds()).isEqualTo(1_600_000_000L);
        assertThat(cached.response().extensions()).containsOnlyKeys("system_fingerprint");
        assertThat(cached.response().usage().cachedPromptTokens()).isEqualTo(4);
    }

    /**
     * A route's requests are cached and limited under the name the client asked (the answering model is not known
     * before the call, and any candidate's answer is the route's answer); usage, cost and metrics are booked to the
     * model and instance that answered.
     */
    @Test
    public void aRouteIsCachedAndLimitedByItsNameAndAccountedByTheModelThatAnswered() {
        registry.configureRoutes(Map.of("smart",
                new dev.switchboard.core.internal.routing.ModelRoute("smart", List.of("m1"), null, 0, null)));
        MapCache cache = new MapCache();
        caches.add(cache);
        RecordingQuota quota = new RecordingQuota();
        quotas.add(quota);
        ChatRequest smart = new ChatRequest("smart", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null,
                null, false, false, null, Map.of());

        ChatOutcome answered = chat(smart);
        assertThat(answered.instanceId()).isEqualTo("a");
        assertThat(answered.response().model()).as("the model that answered").isEqualTo("m1");
        assertThat(chat(smart).instanceId()).as("the route's own entry").isEqualTo(StreamListener.CACHE);
        assertThat(chat(deterministic("hi")).instanceId()).as("the model itself has entries of its own")
                .isNotEqualTo(StreamListener.CACHE);
        assertThat(quota.checked).extracting(QuotaRequest::model).containsExactly("smart", "smart", "m1");
        assertThat(quota.recorded).extracting(QuotaRequest::model).containsExactly("smart", "m1");
        assertThat(metrics.report().rows()).extracting(r -> r.model()).containsOnly("m1");
    }

    private static ChatRequest streaming(String text, boolean includeUsage) {
        return new ChatRequest("m1", List.of(ChatMessage.of("user", text)), null, null, null, null, null, true,
                includeUsage, null, Map.of());
    }

    /** A level that answers later (as the semantic one does once its embedding arrives): completed by the test. */
    private static final class LaterCache implements ResponseCache {
        final Map<String, ChatResponse> entries = new ConcurrentHashMap<>();
        final List<java.util.concurrent.CompletableFuture<Optional<ChatResponse>>> asked =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<CacheKey> answering = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "later";
        }

        @Override
        public CacheLevel level() {
            return CacheLevel.SEMANTIC;
        }

        @Override
        public Optional<ChatResponse> get(CacheKey key) {
            throw new AssertionError("core asks a level through lookup()");
        }

        @Override
        public java.util.concurrent.CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
            var answer = new java.util.concurrent.CompletableFuture<Optional<ChatResponse>>();
            asked.add(answer);
            answering.add(key);
            return answer;
        }

        /** Completes the oldest lookup with what it holds for that request. */
        void answer() {
            asked.get(0).complete(Optional.ofNullable(entries.get(answering.get(0).exactKey())));
            asked.remove(0);
            answering.remove(0);
        }

        @Override
        public void put(CacheKey key, ChatResponse response) {
            entries.put(key.exactKey(), response);
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(0, 0, 0, 0, entries.size());
        }
    }

    /** A hit replayed as a stream is shaped like one: the role chunk first, at once, then content, finish, usage. */
    @Test
    public void aCachedStreamStartsWithItsRoleChunkBeforeAnyContent() {
        caches.add(new MapCache());
        chat(deterministic("hi"));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null,
                null, true, true, null, Map.of()), listener);

        assertThat(listener.chunks).hasSizeGreaterThanOrEqualTo(4);
        assertThat(listener.chunks.get(0).role()).isEqualTo("assistant");
        assertThat(listener.chunks.get(0).content()).isEmpty();
        assertThat(listener.chunks.get(1).content()).isEqualTo("a:hi");
        assertThat(listener.chunks.get(2).finishReason()).isEqualTo("stop");
        assertThat(listener.chunks.get(3).usage()).isNotNull();
        assertThat(listener.summary).isNotNull();
    }

    /** A long cached answer streams as several content chunks, cut between words, that add up to it exactly. */
    @Test
    public void aLongCachedAnswerStreamsInSeveralContentChunksCutBetweenWords() {
        caches.add(new MapCache());
        String prompt = String.join(" ", java.util.Collections.nCopies(200, "word"));
        chat(deterministic(prompt));
        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, new ChatRequest("m1", List.of(ChatMessage.of("user", prompt)), 0.0, null, null,
                null, null, true, false, null, Map.of()), listener);

        List<String> pieces = listener.chunks.stream().skip(1).map(ChatChunk::content)
                .filter(content -> content != null).toList();
        assertThat(pieces).hasSizeBetween(2, CachedStreamReplay.MAX_PIECES);
        assertThat(String.join("", pieces)).isEqualTo("a:" + prompt);
        assertThat(pieces.subList(0, pieces.size() - 1)).allMatch(piece -> piece.endsWith(" "));
        assertThat(listener.chunks.get(0).role()).isEqualTo("assistant");
        assertThat(listener.summary).isNotNull();
    }

    @Test
    public void aLevelThatAnswersLaterHoldsNoThreadAndTheRequestGoesOnWhenItAnswers() {
        MapCache l1 = new MapCache(CacheLevel.MEMORY);
        LaterCache semantic = new LaterCache();
        caches.add(l1);
        caches.add(semantic);

        var first = pipeline.chat(CALLER, deterministic("hi")).toCompletableFuture();
        assertThat(first).as("returned without waiting for the level").isNotDone();
        assertThat(provider.received()).as("not sent upstream before the level answered").isEmpty();
        semantic.answer();
        assertThat(first.join().cacheStatus()).isEqualTo("miss");
        assertThat(provider.received()).hasSize(1);

        // the exact level answers at once; the later one is not even asked
        assertThat(chat(deterministic("hi")).cacheStatus()).isEqualTo("hit-l1");
        assertThat(semantic.asked).isEmpty();

        l1.entries.clear();
        var second = pipeline.chat(CALLER, deterministic("hi")).toCompletableFuture();
        semantic.answer();
        assertThat(second.join().cacheStatus()).isEqualTo("hit-semantic");
        assertThat(l1.entries).as("copied into the faster level").hasSize(1);
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    public void aStreamWaitsForALaterLevelAndACancelMeanwhileNeverStartsIt() {
        LaterCache semantic = new LaterCache();
        caches.add(semantic);
        ChatRequest streamed = new ChatRequest("m1", List.of(ChatMessage.of("user", "hi")), 0.0, null, null, null,
                null, true, false, null, Map.of());

        RecordingListener gone = new RecordingListener();
        pipeline.chatStream(CALLER, streamed, gone).cancel();
        semantic.answer();
        assertThat(provider.received()).as("the client left before the lookup answered").isEmpty();
        assertThat(gone.events).isEmpty();
        assertThat(pipeline.inFlight(CALLER.keyId())).as("its slot given back").isZero();

        RecordingListener listener = new RecordingListener();
        pipeline.chatStream(CALLER, streamed, listener);
        assertThat(listener.events).isEmpty();
        semantic.answer();
        assertThat(listener.summary).isNotNull();
        assertThat(listener.instanceId).isEqualTo("a");
        assertThat(listener.content()).isEqualTo("a:hi");
        assertThat(pipeline.inFlight(CALLER.keyId())).isZero();
    }
}
