package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.switchboard.api.state.SignedEntries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Two members on loopback share signed entries; what was not signed by the cluster reads as absent. */
public class GridEntriesTest {

    private static final SignedEntries.EntryMapSpec SPEC =
            new SignedEntries.EntryMapSpec(Duration.ofMinutes(5), 1000, true, Duration.ofSeconds(5));

    private static EmbeddedGridMember a;
    private static EmbeddedGridMember b;
    private static final AtomicLong clock = new AtomicLong(1_000_000L);

    @BeforeClass
    public static void startTwoMembers() throws Exception {
        String cluster = TestGrid.uniqueClusterName();
        int portA = TestGrid.freePort();
        int portB = TestGrid.freePort();
        List<String> both = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        a = TestGrid.start(new GridSettings(cluster, portA, both));
        b = TestGrid.start(new GridSettings(cluster, portB, both));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((a.hazelcast().getCluster().getMembers().size() < 2
                || b.hazelcast().getCluster().getMembers().size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(b.hazelcast().getCluster().getMembers()).hasSize(2);
    }

    @AfterClass
    public static void stop() {
        if (b != null) {
            b.shutdown();
        }
        if (a != null) {
            a.shutdown();
        }
    }

    private static SignedEntries.EntryMap open(EmbeddedGridMember member, String name) {
        return new GridEntries(member.hazelcast(), TestGrid.secret(), clock::get, member.callbackExecutor()).open(name, SPEC);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test(timeout = 60_000)
    public void anEntryWrittenOnOneMemberIsReadOnTheOther() {
        SignedEntries.EntryMap onA = open(a, "shared");
        SignedEntries.EntryMap onB = open(b, "shared");
        onA.putAsync("t1:k", bytes("answer"), null).toCompletableFuture().join();

        assertThat(onB.get("t1:k")).isEqualTo(bytes("answer"));
        assertThat(onA.get("t1:k")).isEqualTo(bytes("answer"));
        assertThat(onB.get("t1:other")).isNull();
    }

    @Test(timeout = 60_000)
    public void aForgedEntryReadsAsAbsentAndIsCounted() {
        SignedEntries.EntryMap onB = open(b, "forged");
        IMap<String, byte[]> raw = a.hazelcast().getMap(GridEntries.MAP_PREFIX + "forged");
        // written straight into the grid, as any process that reaches the member port could
        raw.set("t1:k", new byte[SignedEntryCodec.HEADER + 6]);
        raw.set("t1:short", bytes("x"));
        // signed, but with another secret
        SignedEntryCodec otherCluster = new SignedEntryCodec(
                dev.switchboard.grid.ClusterSecret.of(bytes("another-cluster-secret-0123")).newMac(GridEntries.MAC_PURPOSE),
                GridEntries.MAP_PREFIX + "forged", clock::get);
        raw.set("t1:other", otherCluster.encode("t1:other", bytes("attacker text"), 0));

        assertThat(onB.get("t1:k")).isNull();
        assertThat(onB.get("t1:short")).isNull();
        assertThat(onB.get("t1:other")).isNull();
        assertThat(onB.forged()).isEqualTo(3);
    }

    @Test(timeout = 60_000)
    public void aSignedEntryMovedToAnotherKeyReadsAsAbsent() {
        SignedEntries.EntryMap onA = open(a, "moved");
        onA.putAsync("tenant-a:k", bytes("for a"), null).toCompletableFuture().join();
        IMap<String, byte[]> raw = a.hazelcast().getMap(GridEntries.MAP_PREFIX + "moved");
        raw.set("tenant-b:k", raw.get("tenant-a:k"));

        assertThat(onA.get("tenant-b:k")).isNull();
        assertThat(onA.forged()).isEqualTo(1);
    }

    @Test(timeout = 60_000)
    public void anEntryExpiresAfterItsTimeToLive() {
        SignedEntries.EntryMap onA = open(a, "ttl");
        onA.putAsync("t1:k", bytes("answer"), Duration.ofSeconds(60)).toCompletableFuture().join();
        assertThat(onA.get("t1:k")).isNotNull();
        clock.addAndGet(60_000);
        assertThat(onA.get("t1:k")).isNull();
        assertThat(onA.forged()).isZero();
    }

    @Test(timeout = 60_000)
    public void removeKeysClearsOneTenant() {
        SignedEntries.EntryMap onA = open(a, "clear");
        onA.putAsync("t1:a", bytes("1"), null).toCompletableFuture().join();
        onA.putAsync("t1:b", bytes("2"), null).toCompletableFuture().join();
        onA.putAsync("t2:a", bytes("3"), null).toCompletableFuture().join();

        assertThat(onA.removeKeys(key -> key.startsWith("t1:"))).isEqualTo(2);
        assertThat(open(b, "clear").get("t1:a")).isNull();
        assertThat(open(b, "clear").get("t2:a")).isEqualTo(bytes("3"));
    }

    @Test(timeout = 60_000)
    public void getAsyncReadsWhatAnotherMemberWroteAndNeverFails() {
        SignedEntries.EntryMap onA = open(a, "async");
        SignedEntries.EntryMap onB = open(b, "async");
        onA.putAsync("t1:k", bytes("answer"), null).toCompletableFuture().join();
        a.hazelcast().<String, byte[]>getMap(GridEntries.MAP_PREFIX + "async").set("t1:forged", bytes("unsigned"));

        assertThat(onB.getAsync("t1:k").toCompletableFuture().join()).isEqualTo(bytes("answer"));
        assertThat(onB.getAsync("t1:absent").toCompletableFuture().join()).isNull();
        assertThat(onB.getAsync("t1:forged").toCompletableFuture().join()).isNull();
        assertThat(onB.forged()).isEqualTo(1);
    }

    /** What one member stores reaches the other's listener, checked; forged entries never do. */
    @Test(timeout = 60_000)
    public void aListenerOnOneMemberSeesSignedEntriesStoredAndRemovedOnTheOther() throws Exception {
        SignedEntries.EntryMap onA = open(a, "listened");
        SignedEntries.EntryMap onB = open(b, "listened");
        onA.putAsync("t1:before", bytes("old"), null).toCompletableFuture().join();
        java.util.Map<String, byte[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();
        SignedEntries.EntryListener listener = new SignedEntries.EntryListener() {
            @Override
            public void stored(String key, byte[] value) {
                seen.put(key, value);
            }

            @Override
            public void removed(String key) {
                seen.remove(key);
                gone.add(key);
            }
        };
        try (AutoCloseable ignored = onB.listen(listener, true)) {
            assertThat(seen).containsKey("t1:before");
            onA.putAsync("t1:new", bytes("answer"), null).toCompletableFuture().join();
            a.hazelcast().<String, byte[]>getMap(GridEntries.MAP_PREFIX + "listened").set("t1:forged", bytes("x"));
            onA.removeKeys("t1:before"::equals);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((!seen.containsKey("t1:new") || !gone.contains("t1:before") || !gone.contains("t1:forged"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen.get("t1:new")).isEqualTo(bytes("answer"));
            assertThat(seen).doesNotContainKeys("t1:before", "t1:forged");
            assertThat(gone).contains("t1:before", "t1:forged");
        }
    }

    @Test
    public void mapConfigCarriesTheBoundsAndANearCache() {
        var config = GridEntries.mapConfig("switchboard.entries.x", SPEC);
        assertThat(config.getTimeToLiveSeconds()).isEqualTo(300);
        assertThat(config.getEvictionConfig().getSize()).isEqualTo(1000);
        assertThat(config.getNearCacheConfig()).isNotNull();
        assertThat(config.getNearCacheConfig().isInvalidateOnChange()).isTrue();
    }
}
