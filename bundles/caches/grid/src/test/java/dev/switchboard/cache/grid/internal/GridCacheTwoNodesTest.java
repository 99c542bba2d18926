package dev.switchboard.cache.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import dev.switchboard.grid.internal.GridEntries;
import dev.switchboard.testkit.LoopbackGrid;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two grid members on loopback, one grid cache on each, as two nodes of a cluster: what one node stored the
 * other answers; another tenant's request is a miss on both.
 */
public class GridCacheTwoNodesTest {

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static LoopbackGrid grid;
    private static GridMember a;
    private static GridMember b;

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
    public void anAnswerStoredOnOneNodeIsServedByTheOther() {
        GridCache onA = new GridCache(new GridEntries(a), config());
        GridCache onB = new GridCache(new GridEntries(b), config());
        ChatResponse answer = new ChatResponse("chatcmpl-1", "m", 1L,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "from node a"), "stop")), new Usage(3, 4));

        onA.put(key("tenant-a"), answer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onB.get(key("tenant-a")).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThat(onB.get(key("tenant-a"))).contains(answer);
        assertThat(onB.get(key("tenant-b"))).isEmpty();
        assertThat(onA.get(key("tenant-b"))).isEmpty();
    }

    private static CacheKey key(String tenant) {
        ChatRequest request = ChatRequest.builder("m", List.of(ChatMessage.of("user", "hello"))).temperature(0.0).build();
        return new CacheKey(tenant, "fp-hello", request);
    }

    private static GridCacheConfig config() {
        return new GridCacheConfig() {
            @Override public Class<? extends Annotation> annotationType() { return GridCacheConfig.class; }
            @Override public long ttl_seconds() { return 60; }
            @Override public int max_entries() { return 100; }
            @Override public int max_entry_bytes() { return 4096; }
            @Override public boolean near_cache() { return true; }
            @Override public long lookup_timeout_ms() { return 5_000; }
        };
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
