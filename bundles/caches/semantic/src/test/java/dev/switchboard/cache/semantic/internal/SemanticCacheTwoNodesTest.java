package dev.switchboard.cache.semantic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.Embedder;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import dev.switchboard.grid.internal.GridEntries;
import dev.switchboard.testkit.LoopbackGrid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two grid members on loopback, one semantic cache on each, as two nodes of a cluster: a near-identical prompt is a
 * hit on the node that never saw the first; a far one is a miss; an entry written into the grid without the cluster's
 * signature never reaches an index.
 */
public class SemanticCacheTwoNodesTest {

    private static final String MODEL = "faq-model";
    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static LoopbackGrid grid;
    private static GridMember a;
    private static GridMember b;

    private static final Embedder EMBEDDER = (tenant, model, text) -> CompletableFuture.completedFuture(
            Map.of("user: How do I get a refund?\n", new float[] {1, 0, 0},
                    "user: How can I get a refund?\n", new float[] {0.99f, 0.14f, 0},
                    "user: How do I get a job?\n", new float[] {0.8f, 0.6f, 0})
                    .getOrDefault(text, new float[] {0, 0, 1}));

    @BeforeClass
    public static void startTwoMembers() throws Exception {
        grid = LoopbackGrid.twoNodes();
        a = member(grid.a());
        b = member(grid.b());
    }

    @AfterClass
    public static void stop() throws Exception {
        if (grid != null) {
            grid.close();
        }
    }

    @Test(timeout = 60_000)
    public void aPromptIndexedOnOneNodeIsASemanticHitOnTheOtherAboveTheThresholdOnly() throws Exception {
        SemanticCache onA = cache(a);
        SemanticCache onB = cache(b);
        ChatResponse answer = new ChatResponse("chatcmpl-1", MODEL, 1L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "Within 30 days."), "stop")), new Usage(3, 4));
        try {
            onA.put(key("tenant-a", "fp-1", "How do I get a refund?"), answer);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (onB.stats().size() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(lookup(onB, key("tenant-a", "fp-2", "How can I get a refund?"))).contains(answer);
            assertThat(lookup(onB, key("tenant-a", "fp-3", "How do I get a job?"))).as("cosine 0.8").isEmpty();
            assertThat(lookup(onB, key("tenant-b", "fp-2", "How can I get a refund?"))).isEmpty();
        } finally {
            onA.deactivate();
            onB.deactivate();
        }
    }

    @Test(timeout = 60_000)
    public void anUnsignedEntryInTheGridNeverReachesAnIndex() throws Exception {
        SemanticCache onB = cache(b);
        try {
            String partition = CacheKey.prefix("tenant-a", MODEL) + "tenant-a" + CacheKey.PARTITION + "x";
            byte[] forged = SemanticEntry.encode(partition, 0, new float[] {1, 0, 0},
                    "{\"id\":\"forged\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // written straight into the grid, as any process that reaches the member port could
            a.hazelcast().<String, byte[]>getMap("switchboard.entries." + SemanticCache.MAP)
                    .set(CacheKey.prefix("tenant-a", MODEL) + "tenant-a:forged", forged);
            Thread.sleep(500); // the event reaches b within milliseconds on loopback; give it time to be dropped

            assertThat(onB.stats().size()).isZero();
            assertThat(cache(b).stats().size()).as("nor a view that reads the map when it starts").isZero();
        } finally {
            onB.deactivate();
        }
    }

    private static Optional<ChatResponse> lookup(SemanticCache cache, CacheKey key) {
        return cache.lookup(key).toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static SemanticCache cache(GridMember member) {
        GridEntries grid = new GridEntries(member);
        return new SemanticCache(EMBEDDER, SemanticSettings.of("embed", new String[] {MODEL}, 0.95,
                Duration.ofMinutes(5), 1_000, Duration.ofSeconds(10), 8_000),
                settings -> grid.open(SemanticCache.MAP, SemanticCache.spec(settings)), System::nanoTime);
    }

    private static CacheKey key(String tenant, String fingerprint, String prompt) {
        ChatRequest request = ChatRequest.builder(MODEL, List.of(ChatMessage.of(ChatMessage.USER, prompt)))
                .temperature(0.0).build();
        return new CacheKey(tenant, fingerprint, request);
    }

    /** Node {@code hazelcast} of the two, as the grid bundle would register it there. */
    private static GridMember member(HazelcastInstance hazelcast) {
        return new GridMember() {
            @Override public HazelcastInstance hazelcast() { return hazelcast; }
            @Override public ClusterSecret clusterSecret() { return SECRET; }
            @Override public Executor callbackExecutor() { return grid.callbacks(); }
        };
    }
}
