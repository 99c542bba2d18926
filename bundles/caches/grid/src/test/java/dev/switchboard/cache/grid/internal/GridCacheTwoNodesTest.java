package dev.switchboard.cache.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.grid.internal.EmbeddedGridMember;
import dev.switchboard.grid.internal.GridConfig;
import dev.switchboard.grid.internal.GridEntries;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two grid members on loopback, one grid cache on each, as two nodes of a cluster: what one node stored the
 * other answers; another tenant's request is a miss on both.
 */
public class GridCacheTwoNodesTest {

    private static EmbeddedGridMember a;
    private static EmbeddedGridMember b;
    private static Path secretFile;

    @BeforeClass
    public static void startTwoMembers() throws Exception {
        String cluster = "switchboard-test-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        String both = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        secretFile = Files.createTempFile("cluster", ".secret");
        Files.delete(secretFile);
        a = new EmbeddedGridMember(config(cluster, portA, both));
        b = new EmbeddedGridMember(config(cluster, portB, both));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.hazelcast().getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(b.hazelcast().getCluster().getMembers()).hasSize(2);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (b != null) {
            b.hazelcast().shutdown();
        }
        if (a != null) {
            a.hazelcast().shutdown();
        }
        Files.deleteIfExists(secretFile);
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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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

    private static GridConfig config(String cluster, int port, String members) {
        return new GridConfig() {
            @Override public Class<? extends Annotation> annotationType() { return GridConfig.class; }
            @Override public String cluster_name() { return cluster; }
            @Override public int port() { return port; }
            @Override public String members() { return members; }
            @Override public String interface$() { return "127.0.0.1"; }
            @Override public String secret_file() { return secretFile.toString(); }
        };
    }
}
