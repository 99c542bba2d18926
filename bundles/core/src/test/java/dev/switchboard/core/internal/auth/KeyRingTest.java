package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Caller;
import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyRingTest {

    static final ClusterSecret SECRET = ClusterSecret.of("key-ring-test-cluster-secret".getBytes(
            StandardCharsets.UTF_8));

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final MemoryKeyStore store = new MemoryKeyStore();

    private KeyRing ring(Path file) {
        KeyRing ring = new KeyRing(new ConcurrentHashMap<>(), store, new KeyFile(file), SECRET);
        ring.load();
        return ring;
    }

    @Test
    public void aFirstStartWithoutKeysGeneratesOneAdminKeyOnce() throws Exception {
        Path file = folder.getRoot().toPath().resolve("keys.json");
        KeyRing ring = ring(file);

        Optional<String> secret = ring.bootstrap("");
        assertThat(secret).hasValueSatisfying(s -> assertThat(s).startsWith("sk-sb-").hasSizeGreaterThan(40));
        assertThat(ring.authenticate(secret.get())).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
        assertThat(ring.bootstrap("")).as("only on the very first start").isEmpty();
        assertThat(store.dump()).doesNotContain(secret.get());

        KeyRing restarted = ring(file);
        assertThat(restarted.bootstrap("")).isEmpty();
        assertThat(restarted.authenticate(secret.get())).isPresent();
    }

    @Test
    public void aConfiguredBootstrapKeyIsRegisteredHashed() throws Exception {
        Path file = folder.getRoot().toPath().resolve("keys.json");
        KeyRing ring = ring(file);
        assertThat(ring.bootstrap("sk-test-configured")).isEmpty();
        assertThat(ring.authenticate("sk-test-configured")).map(Caller::admin).contains(true);
        assertThat(ring.authenticate("sk-test-other")).isEmpty();
        assertThat(store.dump()).doesNotContain("sk-test-configured").contains("s1.");
    }

    @Test
    public void createdKeysAuthenticateUntilRevoked() {
        KeyRing ring = ring(folder.getRoot().toPath().resolve("keys.json"));
        ApiKeys.IssuedKey issued = ring.create("ci", "acme", false);

        assertThat(ring.authenticate(issued.secret())).hasValueSatisfying(c -> {
            assertThat(c.keyId()).isEqualTo(issued.info().id());
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.admin()).isFalse();
        });
        assertThat(ring.list()).extracting(ApiKeys.KeyInfo::name).containsExactly("ci");
        assertThat(ring.revoke(issued.info().id())).isTrue();
        assertThat(ring.authenticate(issued.secret())).isEmpty();
        assertThat(ring.revoke(issued.info().id())).isFalse();
    }

    @Test
    public void changesFromOtherNodesReachTheLocalView() {
        ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();
        KeyRing here = new KeyRing(grid, new MemoryKeyStore(), new KeyFile(folder.getRoot().toPath().resolve("a.json")),
                SECRET);
        KeyRing there = new KeyRing(grid, new MemoryKeyStore(), new KeyFile(folder.getRoot().toPath().resolve("b.json")),
                SECRET);
        ApiKeys.IssuedKey issued = there.create("remote", null, false);
        String hash = new KeyDigest(SECRET).hash(issued.secret());

        assertThat(here.authenticate(issued.secret())).isEmpty();
        here.applyRemote(hash, grid.get(hash));
        assertThat(here.authenticate(issued.secret())).isPresent();
        here.applyRemote(hash, null);
        assertThat(here.authenticate(issued.secret())).isEmpty();
    }

    @Test
    public void absurdPresentedKeysAreRejectedCheaply() {
        KeyRing ring = ring(folder.getRoot().toPath().resolve("keys.json"));
        assertThat(ring.authenticate(null)).isEmpty();
        assertThat(ring.authenticate("")).isEmpty();
        assertThat(ring.authenticate("x".repeat(10_000))).isEmpty();
    }

    @Test
    public void aNodeJoiningWithAStaleStoreDoesNotBringBackARevokedKey() {
        ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();
        MemoryKeyStore storeA = new MemoryKeyStore();
        KeyRing a = new KeyRing(grid, storeA, new KeyFile(folder.getRoot().toPath().resolve("a.json")), SECRET);
        a.load();
        a.bootstrap("sk-test-admin");
        ApiKeys.IssuedKey issued = a.create("leaked", null, false);
        // node b's own (embedded) store saw the key created but not revoked
        MemoryKeyStore staleB = new MemoryKeyStore();
        storeA.active().forEach((hash, signed) -> staleB.put(hash, "copied", signed, 1));
        a.revoke(issued.info().id());

        KeyRing b = new KeyRing(grid, staleB, new KeyFile(folder.getRoot().toPath().resolve("b.json")), SECRET);
        b.load();
        assertThat(b.authenticate(issued.secret())).isEmpty();
        assertThat(a.authenticate(issued.secret())).isEmpty();
        assertThat(storeA.active()).hasSize(1);
    }

    @Test
    public void createdAndRevokedKeysAreWrittenToTheStoreAndSurviveAFullRestart() {
        KeyRing ring = ring(folder.getRoot().toPath().resolve("keys.json"));
        ApiKeys.IssuedKey kept = ring.create("kept", "acme", false);
        ApiKeys.IssuedKey revoked = ring.create("revoked", "acme", false);
        ring.revoke(revoked.info().id());

        KeyRing restarted = ring(folder.getRoot().toPath().resolve("keys.json"));
        assertThat(restarted.authenticate(kept.secret())).isPresent();
        assertThat(restarted.authenticate(revoked.secret())).isEmpty();
    }

    @Test
    public void aStoreThatFailsFailsTheCreationRatherThanIssueAKeyARestartWouldLose() {
        ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();
        KeyRing ring = new KeyRing(grid, new MemoryKeyStore() {
            @Override
            public synchronized void put(String hash, String keyId, String signed, long created) {
                throw new IllegalStateException("store down");
            }
        }, new KeyFile(folder.getRoot().toPath().resolve("keys.json")), SECRET);
        ring.load();
        assertThatThrownBy(() -> ring.create("ci", null, false)).hasMessageContaining("store down");
        assertThat(grid).isEmpty();
        assertThat(ring.list()).isEmpty();
    }

    @Test
    public void aChangedBootstrapKeyReplacesTheOldOne() {
        KeyRing ring = ring(folder.getRoot().toPath().resolve("keys.json"));
        ring.bootstrap("sk-test-old");
        ring.bootstrap("sk-test-new");
        assertThat(ring.authenticate("sk-test-old")).isEmpty();
        assertThat(ring.authenticate("sk-test-new")).isPresent();
        assertThat(ring.list()).extracting(ApiKeys.KeyInfo::id).containsOnlyOnce(KeyRing.BOOTSTRAP_KEY_ID);
    }
}
