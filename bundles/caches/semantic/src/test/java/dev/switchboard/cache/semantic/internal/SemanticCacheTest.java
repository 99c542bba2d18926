package dev.switchboard.cache.semantic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.embeddings.Embedder;
import dev.switchboard.testkit.ResponseCacheContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The cache contract (switchboard-testkit) on a two-entry cache, then the semantic cache's own behaviour. */
public class SemanticCacheTest extends ResponseCacheContractTest {

    private static final String MODEL = "gpt-test";
    private static final Duration TTL = Duration.ofSeconds(300);

    private final AtomicLong now = new AtomicLong();
    private final FakeEmbedder embedder = new FakeEmbedder();
    private final FakeSharedMap grid = new FakeSharedMap();
    private SemanticCache cache = cache(2, "contract-model", MODEL, "family-*");

    @Override
    protected ResponseCache createCache() {
        return cache;
    }

    @Override
    protected int capacity() {
        return 2;
    }

    @Test
    public void declaresNameAndLevel() {
        assertThat(cache.name()).isEqualTo("semantic");
        assertThat(cache.level()).isEqualTo(CacheLevel.SEMANTIC);
    }

    @Test
    public void aNearIdenticalPromptAboveTheThresholdIsAHit() {
        embedder.vector("How do I get a refund?", 1, 0, 0);
        embedder.vector("How can I get a refund?", 0.99f, 0.14f, 0); // cosine 0.99
        ChatResponse answer = answer("Within 30 days.");
        cache.put(key("tenant-a", "fp-1", "How do I get a refund?"), answer);

        assertThat(cache.get(key("tenant-a", "fp-2", "How can I get a refund?"))).contains(answer);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    public void aPromptBelowTheThresholdIsAMiss() {
        embedder.vector("How do I get a refund?", 1, 0, 0);
        embedder.vector("How do I get a job?", 0.8f, 0.6f, 0); // cosine 0.8 < 0.95
        cache.put(key("tenant-a", "fp-1", "How do I get a refund?"), answer("Within 30 days."));

        assertThat(cache.get(key("tenant-a", "fp-2", "How do I get a job?"))).isEmpty();
        assertThat(cache.stats().misses()).isEqualTo(1);
    }

    @Test
    public void oneTenantNeverGetsAnothersAnswerAndItsEmbeddingIsItsOwn() {
        embedder.vector("the same question", 1, 0);
        cache.put(key("tenant-a", "fp", "the same question"), answer("for a"));

        assertThat(cache.get(key("tenant-b", "fp", "the same question"))).isEmpty();
        assertThat(cache.get(key("tenant-a" + CacheKey.PARTITION + "user-1", "fp", "the same question"))).isEmpty();
        assertThat(embedder.tenants).containsExactly("tenant-a", "tenant-b", "tenant-a");
    }

    @Test
    public void otherParametersOrAnotherModelNeverMatch() {
        embedder.vector("the same question", 1, 0);
        cache.put(key("t", "fp", "the same question"), answer("short"));
        ChatRequest longer = ChatRequest.builder(MODEL, List.of(ChatMessage.of(ChatMessage.USER, "the same question")))
                .temperature(0.0).maxTokens(4000).build();

        assertThat(cache.get(new CacheKey("t", "fp", longer))).isEmpty();
        assertThat(cache.get(new CacheKey("t", "fp", key("t", "fp", "the same question").request()
                .withModel("family-x")))).isEmpty();
    }

    @Test
    public void anAnswerExpiresAfterItsTimeToLive() {
        embedder.vector("q", 1, 0);
        cache.put(key("t", "fp", "q"), answer("a"));
        assertThat(cache.get(key("t", "fp", "q"))).isPresent();

        now.addAndGet(TTL.toNanos());

        assertThat(cache.get(key("t", "fp", "q"))).isEmpty();
        assertThat(cache.stats().evictions()).isEqualTo(1);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    public void theIndexIsBoundedLeastRecentlyUsedFirst() {
        embedder.vector("one", 1, 0, 0);
        embedder.vector("two", 0, 1, 0);
        embedder.vector("three", 0, 0, 1);
        cache.put(key("t", "1", "one"), answer("1"));
        cache.put(key("t", "2", "two"), answer("2"));
        assertThat(cache.get(key("t", "1", "one"))).isPresent(); // "two" is now the least recently used

        cache.put(key("t", "3", "three"), answer("3"));

        assertThat(cache.stats().size()).isEqualTo(2);
        assertThat(cache.get(key("t", "2", "two"))).isEmpty();
        assertThat(cache.get(key("t", "1", "one"))).isPresent();
        assertThat(cache.get(key("t", "3", "three"))).isPresent();
    }

    @Test
    public void modelsNotListedAreNeitherEmbeddedNorServed() {
        ChatRequest other = ChatRequest.builder("unlisted", List.of(ChatMessage.of(ChatMessage.USER, "q"))).build();
        cache.put(new CacheKey("t", "fp", other), answer("a"));

        assertThat(cache.get(new CacheKey("t", "fp", other))).isEmpty();
        assertThat(embedder.tenants).isEmpty();
    }

    @Test
    public void offUnlessModelsAreConfigured() {
        cache = cache(2);
        cache.put(key("t", "fp", "q"), answer("a"));

        assertThat(cache.get(key("t", "fp", "q"))).isEmpty();
        assertThat(embedder.tenants).isEmpty();
    }

    @Test
    public void messagesWithMoreThanTextAreNotMatchedOnMeaning() {
        ChatMessage toolCall = new ChatMessage(ChatMessage.ASSISTANT, "", null, Map.of("tool_calls", List.of()));
        ChatRequest request = ChatRequest.builder(MODEL, List.of(ChatMessage.of(ChatMessage.USER, "q"), toolCall))
                .build();
        cache.put(new CacheKey("t", "fp", request), answer("a"));

        assertThat(cache.get(new CacheKey("t", "fp", request))).isEmpty();
        assertThat(embedder.tenants).isEmpty();
    }

    @Test
    public void aSlowEmbeddingIsAMissAndItsVectorServesThePutWithoutASecondCall() {
        CompletableFuture<float[]> slow = new CompletableFuture<>();
        embedder.pending = slow;
        CacheKey key = key("t", "fp", "q");

        assertThat(cache.get(key)).isEmpty(); // waits at most the lookup timeout, then goes upstream
        cache.put(key, answer("fresh")); // does not wait for the vector either
        assertThat(cache.stats().size()).isZero();
        slow.complete(new float[] {1, 0});

        assertThat(cache.stats().size()).isEqualTo(1);
        assertThat(embedder.tenants).hasSize(1);
        embedder.pending = null;
        embedder.vector("q", 1, 0);
        assertThat(cache.get(key("t", "fp-2", "q"))).isPresent();
    }

    @Test
    public void aFailingEmbedderIsAMissNotAFailure() {
        embedder.failing = true;

        cache.put(key("t", "fp", "q"), answer("a"));

        assertThat(cache.get(key("t", "fp", "q"))).isEmpty();
        assertThat(cache.stats().size()).isZero();
    }

    private SemanticCache cache(int maxEntries, String... models) {
        return cache(Duration.ofMillis(1), maxEntries, models);
    }

    private SemanticCache cache(Duration lookupTimeout, int maxEntries, String... models) {
        return new SemanticCache(embedder, SemanticSettings.of("embed-test", models, 0.95, TTL, maxEntries,
                lookupTimeout, 8_000), settings -> grid.node(), now::get);
    }

    /** Another node of the same cluster: its own view, the same shared map. */
    @Test
    public void anAnswerIndexedOnOneNodeIsASemanticHitOnAnotherAndClearedOnBoth() {
        SemanticCache otherNode = cache(10, MODEL);
        embedder.vector("How do I get a refund?", 1, 0, 0);
        embedder.vector("How can I get a refund?", 0.99f, 0.14f, 0);
        cache.put(key("tenant-a", "fp-1", "How do I get a refund?"), answer("Within 30 days."));

        assertThat(otherNode.get(key("tenant-a", "fp-2", "How can I get a refund?")))
                .contains(answer("Within 30 days."));
        assertThat(otherNode.get(key("tenant-b", "fp-2", "How can I get a refund?"))).isEmpty();

        SemanticCache lateNode = cache(10, MODEL);
        assertThat(lateNode.stats().size()).as("a node that starts later reads the index there is").isEqualTo(1);

        assertThat(otherNode.clear("tenant-a", null)).isEqualTo(1);
        assertThat(cache.stats().size()).isZero();
        assertThat(lateNode.get(key("tenant-a", "fp-2", "How can I get a refund?"))).isEmpty();
    }

    @Test
    public void aLookupNeverWaitsForTheEmbeddingOrTheGrid() {
        cache = cache(Duration.ofSeconds(30), 10, MODEL);
        embedder.vector("q", 1, 0);
        cache.put(key("t", "fp-1", "q"), answer("a"));
        CompletableFuture<float[]> slow = new CompletableFuture<>();
        embedder.pending = slow;
        CompletableFuture<Void> gridReply = new CompletableFuture<>();
        grid.slowReads = gridReply;

        var lookup = cache.lookup(key("t", "fp-2", "q")).toCompletableFuture();
        assertThat(lookup).as("returned before the embedding came").isNotDone();
        slow.complete(new float[] {1, 0});
        assertThat(lookup).as("the answer is read from the grid, which has not replied").isNotDone();
        gridReply.complete(null);

        assertThat(lookup.join()).contains(answer("a"));
    }

    @Test
    public void aLookupGivesUpAfterItsTimeout() {
        cache = cache(Duration.ofMillis(20), 10, MODEL);
        embedder.pending = new CompletableFuture<>();

        var lookup = cache.lookup(key("t", "fp", "q")).toCompletableFuture();

        assertThat(lookup.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEmpty();
        assertThat(cache.stats().misses()).isEqualTo(1);
    }

    /** The request goes on upstream on the cache's own threads, never on the JDK's one shared delay thread. */
    @Test
    public void aLookupThatGivesUpGoesOnOnTheCachesThreads() throws Exception {
        cache = cache(Duration.ofMillis(20), 10, MODEL);
        embedder.pending = new CompletableFuture<>();
        CompletableFuture<String> continuedOn = new CompletableFuture<>();

        cache.lookup(key("t", "fp", "q")).thenRun(() -> continuedOn.complete(Thread.currentThread().getName()));

        assertThat(continuedOn.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .startsWith(LookupDeadlines.THREAD_PREFIX);
        cache.deactivate();
    }

    @Test
    public void deactivatingEndsOpenLookupsAsMisses() {
        cache = cache(Duration.ofSeconds(30), 10, MODEL);
        embedder.pending = new CompletableFuture<>();
        var lookup = cache.lookup(key("t", "fp", "q")).toCompletableFuture();

        cache.deactivate();

        assertThat(lookup).isCompletedWithValue(Optional.empty());
    }

    @Test
    public void anAnswerOverTheSizeBoundIsNotIndexed() {
        cache = new SemanticCache(embedder, SemanticSettings.of("embed-test", new String[] {MODEL}, 0.95, TTL, 10,
                Duration.ofMillis(1), 8_000, 100), settings -> grid.node(), now::get);
        cache.put(key("t", "fp", "q"), answer("x".repeat(200)));

        assertThat(cache.stats().size()).isZero();
        assertThat(cache.tooLarge()).isEqualTo(1);
    }

    @Test
    public void withNoLookupWaitAnEmbeddingAlreadyThereStillHits() {
        // lookup.timeout.ms = 0: answer only from embeddings already there (this embedder answers at once)
        cache = cache(Duration.ZERO, 10, MODEL);
        embedder.vector("How do I get a refund?", 1, 0, 0);
        ChatResponse answer = answer("Within 30 days.");
        cache.put(key("tenant-a", "fp-1", "How do I get a refund?"), answer);

        assertThat(cache.get(key("tenant-a", "fp-1", "How do I get a refund?"))).contains(answer);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    public void theViewStopsFollowingTheGridWhenDeactivated() {
        int before = grid.listeners();
        SemanticCache node = cache(10, MODEL);
        assertThat(grid.listeners()).isEqualTo(before + 1);
        node.deactivate();
        assertThat(grid.listeners()).isEqualTo(before);
    }

    @Test
    public void anEntryIsIndexedOnlyUnderAKeyOfItsOwnTenantAndModel() {
        String partition = CacheKey.prefix("tenant-a", MODEL) + "tenant-a" + CacheKey.PARTITION + "params";
        assertThat(SemanticCache.tenantAndModel(partition)).isEqualTo(CacheKey.prefix("tenant-a", MODEL));
        byte[] entry = SemanticEntry.encode(partition, 0, new float[] {1, 0}, new byte[] {'{', '}'});
        grid.node().putAsync(CacheKey.prefix("tenant-b", MODEL) + "tenant-b:fp", entry, null);

        assertThat(cache.stats().size()).isZero();
    }

    private static CacheKey key(String scope, String fingerprint, String prompt) {
        ChatRequest request = ChatRequest.builder(MODEL, List.of(ChatMessage.of(ChatMessage.USER, prompt)))
                .temperature(0.0).build();
        return new CacheKey(scope, fingerprint, request);
    }

    /**
     * Vectors set by the test for a prompt's text; any other text gets a dimension of its own (so unrelated texts,
     * like the contract test's, are orthogonal). Records the tenant of every call.
     */
    private static final class FakeEmbedder implements Embedder {

        private static final int DIMENSIONS = 4_096;

        final List<String> tenants = new ArrayList<>();
        private final Map<String, float[]> vectors = new HashMap<>();
        private final Map<String, Integer> dimensions = new HashMap<>();
        CompletableFuture<float[]> pending;
        boolean failing;

        void vector(String userText, float... values) {
            vectors.put("user: " + userText + "\n", values);
        }

        @Override
        public CompletionStage<float[]> embed(String tenant, String model, String text) {
            tenants.add(tenant);
            if (failing) {
                throw new IllegalStateException("embeddings are down");
            }
            if (pending != null) {
                return pending;
            }
            float[] known = vectors.get(text);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            float[] oneHot = new float[DIMENSIONS];
            oneHot[dimensions.computeIfAbsent(text, t -> dimensions.size())] = 1;
            return CompletableFuture.completedFuture(oneHot);
        }
    }
}
