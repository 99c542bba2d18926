package dev.switchboard.core.internal.auth;

import static dev.switchboard.testkit.LoopbackGrid.config;
import static dev.switchboard.testkit.LoopbackGrid.freePort;
import static dev.switchboard.testkit.LoopbackGrid.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.ApiKeys.KeySpec;
import dev.switchboard.core.api.Role;
import dev.switchboard.testkit.LoopbackGrid;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.junit.After;
import org.junit.Test;

/**
 * Two grid members on loopback, each with its own key ring and store, wired as KeyRingComponent wires them: a key
 * revoked on one node is refused on the other within a second; a rotation and a tenant are seen there too; each
 * node's store follows the other's changes, so either store alone restores keys, revocations and tenants.
 */
public class KeyRingClusterTest {

    private HazelcastInstance a;
    private HazelcastInstance b;
    private LoopbackGrid pair;

    @After
    public void shutDown() {
        if (pair != null) {
            pair.close();
        }
        if (b != null) {
            b.shutdown();
        }
        if (a != null) {
            a.shutdown();
        }
    }

    @Test(timeout = 120_000)
    public void aKeyRevokedOnOneNodeIsRefusedOnTheOtherWithinASecond() throws Exception {
        pair = LoopbackGrid.twoNodes();
        a = pair.a();
        b = pair.b();

        KeyRing onA = ring(a);
        KeyRing onB = ring(b);
        TenantDirectory directoryA = directory(a);
        TenantDirectory directoryB = directory(b);

        ApiKeys.IssuedKey issued = onA.create(KeySpec.of("app", "acme", Role.APP));
        assertThat(waitFor(() -> onB.authenticate(issued.secret()).isPresent(), 1_000)).as("known on B").isTrue();

        ApiKeys.IssuedKey rotated = onB.rotate(issued.info().id(), Duration.ofMinutes(5)).orElseThrow();
        assertThat(waitFor(() -> onA.authenticate(rotated.secret()).isPresent(), 1_000)).as("rotation on A").isTrue();
        assertThat(onA.authenticate(issued.secret())).as("old secret in its overlap on A").isPresent();

        assertThat(onA.revoke(issued.info().id())).isTrue();
        long revoked = System.nanoTime();
        assertThat(waitFor(() -> onB.authenticate(issued.secret()).isEmpty()
                && onB.authenticate(rotated.secret()).isEmpty(), 1_000)).as("refused on B within a second").isTrue();
        System.out.printf("revocation seen on the other node after %.1f ms%n", (System.nanoTime() - revoked) / 1e6);

        directoryA.putTenant("acme", "Acme", java.util.Map.of());
        assertThat(waitFor(() -> directoryB.tenant("acme").isPresent(), 1_000)).as("tenant on B").isTrue();
        directoryB.removeTenant("acme");
        assertThat(waitFor(() -> directoryA.tenant("acme").isEmpty(), 1_000)).as("removal on A").isTrue();
    }

    @Test(timeout = 120_000)
    public void eachNodesStoreFollowsTheOthersSoEitherAloneRestoresTheClusterAfterAFullRestart() throws Exception {
        pair = LoopbackGrid.twoNodes();
        a = pair.a();
        b = pair.b();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            MemoryKeyStore keysA = new MemoryKeyStore();
            MemoryKeyStore keysB = new MemoryKeyStore();
            MemoryDirectoryStore directoryStoreB = new MemoryDirectoryStore();
            KeyRing onA = ring(a, keysA, writer);
            ring(b, keysB, writer);
            TenantDirectory directoryA = directory(a, new MemoryDirectoryStore(), writer);
            directory(b, directoryStoreB, writer);

            // made and revoked on A only: B's store must learn both
            ApiKeys.IssuedKey kept = onA.create(KeySpec.of("kept", "default", Role.APP));
            ApiKeys.IssuedKey revoked = onA.create(KeySpec.of("revoked", "default", Role.APP));
            directoryA.putTenant("acme", "Acme", java.util.Map.of());
            assertThat(waitFor(() -> keysB.active().size() == 2, 5_000)).as("B's store: %s", keysB.dump()).isTrue();
            onA.revoke(revoked.info().id());
            assertThat(waitFor(() -> keysB.active().size() == 1, 5_000)).as("revoked in B's store").isTrue();
            assertThat(waitFor(() -> directoryStoreB.all().stream().anyMatch(e -> e.id().equals("acme")), 5_000))
                    .as("tenant in B's store").isTrue();

            // every node stops; B comes back first, alone, and seeds the grid from its store
            b.shutdown();
            a.shutdown();
            b = null;
            a = Hazelcast.newHazelcastInstance(config("switchboard-test-" + UUID.randomUUID(), freePort(), freePort()));
            KeyRing restored = ring(a, keysB, writer);
            TenantDirectory restoredDirectory = directory(a, directoryStoreB, writer);
            assertThat(restored.authenticate(kept.secret())).as("a key made on A, restored from B's store").isPresent();
            assertThat(restored.authenticate(revoked.secret())).as("a key revoked on A stays revoked").isEmpty();
            assertThat(restoredDirectory.tenant("acme")).isPresent();
        } finally {
            writer.shutdownNow();
        }
    }

    private static KeyRing ring(HazelcastInstance member) {
        return ring(member, new MemoryKeyStore(), Runnable::run);
    }

    private static KeyRing ring(HazelcastInstance member, MemoryKeyStore store, Executor writer) {
        IMap<String, String> map = member.getMap("switchboard.keys");
        KeyRing ring = new KeyRing(map, store, null, KeyRingTest.SECRET, writer);
        map.addEntryListener(new Listener(ring::applyRemote), true);
        ring.load();
        return ring;
    }

    private static TenantDirectory directory(HazelcastInstance member) {
        return directory(member, new MemoryDirectoryStore(), Runnable::run);
    }

    private static TenantDirectory directory(HazelcastInstance member, MemoryDirectoryStore store, Executor writer) {
        IMap<String, String> map = member.getMap("switchboard.directory");
        TenantDirectory directory = new TenantDirectory(map, store, KeyRingTest.SECRET, writer);
        map.addEntryListener(new Listener(directory::applyRemote), true);
        directory.load();
        return directory;
    }

    private record Listener(BiConsumer<String, String> apply) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            apply.accept(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            apply.accept(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            apply.accept(event.getKey(), null);
        }
    }
}
