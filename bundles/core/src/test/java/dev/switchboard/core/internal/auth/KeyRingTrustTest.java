package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the key ring believes of what it finds in the grid and the key file. */
public class KeyRingTrustTest {

    private static final ClusterSecret SECRET = KeyRingTest.SECRET;
    private static final ClusterSecret OTHER = ClusterSecret.of("another-install-s-cluster-secret".getBytes(
            StandardCharsets.UTF_8));
    private static final String ATTACKER_KEY = "sk-sb-chosen-by-whoever-reached-the-grid";
    private static final String ADMIN_JSON = new KeyRecord("key_forged", "forged", "default", true, 1L).toJson();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();
    private final MemoryKeyStore store = new MemoryKeyStore();

    private KeyRing loaded(String fileName) {
        KeyRing ring = new KeyRing(grid, store, new KeyFile(folder.getRoot().toPath().resolve(fileName)), SECRET);
        ring.load();
        return ring;
    }

    @Test
    public void anUnsignedRecordWrittenToTheGridIsNoKey() {
        KeyRing ring = loaded("keys.json");
        ring.bootstrap("sk-test-admin");
        // what an attacker who reached the grid could write: under the old hash, and under ours (he cannot
        // compute it without the secret, but grant him even that)
        String oldHash = KeyDigest.legacyHash(ATTACKER_KEY);
        String keyedHash = new KeyDigest(SECRET).hash(ATTACKER_KEY);
        grid.put(oldHash, ADMIN_JSON);
        grid.put(keyedHash, ADMIN_JSON);
        ring.applyRemote(oldHash, ADMIN_JSON);
        ring.applyRemote(keyedHash, ADMIN_JSON);

        assertThat(ring.authenticate(ATTACKER_KEY)).isEmpty();
        assertThat(ring.list()).extracting(ApiKeys.KeyInfo::id).doesNotContain("key_forged");
        assertThat(ring.authenticate("sk-test-admin")).isPresent();
    }

    @Test
    public void aRecordSignedUnderAnotherSecretIsNoKey() {
        KeyRing ring = loaded("keys.json");
        String hash = new KeyDigest(OTHER).hash(ATTACKER_KEY);
        String signedElsewhere = new SignedRecords(OTHER).sign(hash, ADMIN_JSON);
        grid.put(hash, signedElsewhere);
        ring.applyRemote(hash, signedElsewhere);
        // and under the key ours would compute, with the other install's valid signature for it
        String ours = new KeyDigest(SECRET).hash(ATTACKER_KEY);
        ring.applyRemote(ours, new SignedRecords(OTHER).sign(ours, ADMIN_JSON));

        assertThat(ring.authenticate(ATTACKER_KEY)).isEmpty();
        assertThat(ring.list()).isEmpty();
    }

    @Test
    public void aValidRecordMovedUnderAKeyTheWriterKnowsIsNoKey() {
        KeyRing ring = loaded("keys.json");
        ApiKeys.IssuedKey admin = ring.create("ops", null, true);
        String genuineHash = new KeyDigest(SECRET).hash(admin.secret());
        String genuine = grid.get(genuineHash);
        String attackersHash = new KeyDigest(SECRET).hash(ATTACKER_KEY);
        ring.applyRemote(attackersHash, genuine);

        assertThat(ring.authenticate(ATTACKER_KEY)).isEmpty();
        assertThat(ring.authenticate(admin.secret())).isPresent();
    }

    @Test
    public void aForgedRecordReplacingAValidOneTakesTheKeyOutOfTheViewAndStaysOutOfTheStore() throws Exception {
        KeyRing ring = loaded("keys.json");
        ApiKeys.IssuedKey issued = ring.create("ci", null, false);
        String hash = new KeyDigest(SECRET).hash(issued.secret());
        grid.put(hash, ADMIN_JSON);
        ring.applyRemote(hash, ADMIN_JSON);
        assertThat(ring.authenticate(issued.secret())).as("never promoted to the forged admin record").isEmpty();

        ring.create("later", null, false);
        assertThat(store.dump()).doesNotContain("key_forged");
    }

    @Test
    public void storedRecordsAreSignedAndKeyedSoTheStoreHoldsNoPlainHash() throws Exception {
        KeyRing ring = loaded("keys.json");
        ring.bootstrap("sk-test-guessable");
        assertThat(store.dump()).doesNotContain(KeyDigest.legacyHash("sk-test-guessable")).contains("s1.");
        assertThat(new KeyDigest(OTHER).hash("sk-test-guessable")).as("keyed by the install's secret")
                .isNotEqualTo(new KeyDigest(SECRET).hash("sk-test-guessable"));
    }

    @Test
    public void anOldKeyFileIsImportedIntoTheStoreKeyedAndSignedThenRenamed() throws Exception {
        Path path = folder.getRoot().toPath().resolve("keys.json");
        Map<String, String> old = new LinkedHashMap<>();
        old.put(KeyDigest.legacyHash("sk-sb-old-admin"), new KeyRecord("key_bootstrap", "bootstrap-admin",
                "default", true, 1L).toJson());
        old.put(KeyDigest.legacyHash("sk-sb-old-client"), new KeyRecord("key_0a0b0c0d0e0f", "ci", "acme", false,
                2L).toJson());
        Files.writeString(path, new ObjectMapper().writeValueAsString(old));

        KeyRing ring = loaded("keys.json");
        assertThat(ring.authenticate("sk-sb-old-admin")).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
        assertThat(ring.authenticate("sk-sb-old-client")).hasValueSatisfying(c -> assertThat(c.tenant())
                .isEqualTo("acme"));
        assertThat(store.dump()).doesNotContain(KeyDigest.legacyHash("sk-sb-old-admin"))
                .doesNotContain(KeyDigest.legacyHash("sk-sb-old-client"));
        assertThat(store.active()).hasSize(2);
        assertThat(grid.keySet()).doesNotContain(KeyDigest.legacyHash("sk-sb-old-admin"));
        assertThat(path).doesNotExist();
        assertThat(path.resolveSibling("keys.json.migrated")).exists();

        // the next full restart reads the store alone
        grid.clear();
        KeyRing restarted = loaded("keys.json");
        assertThat(restarted.authenticate("sk-sb-old-client")).isPresent();
        assertThat(restarted.bootstrap("sk-sb-old-admin")).isEmpty();
        assertThat(restarted.list()).hasSize(2);
    }

    @Test
    public void oldEntriesInARunningGridAreReplacedOnlyWhereTheNodesOwnFileVouchesForThem() throws Exception {
        Path path = folder.getRoot().toPath().resolve("keys.json");
        String client = new KeyRecord("key_0a0b0c0d0e0f", "ci", "acme", false, 2L).toJson();
        Files.writeString(path, new ObjectMapper().writeValueAsString(Map.of(KeyDigest.legacyHash("sk-sb-old"),
                client)));
        // an older node still runs: the grid holds its unsigned entry, and one nobody's file knows
        grid.put(KeyDigest.legacyHash("sk-sb-old"), client);
        grid.put(KeyDigest.legacyHash(ATTACKER_KEY), ADMIN_JSON);

        KeyRing ring = loaded("keys.json");
        assertThat(ring.authenticate("sk-sb-old")).isPresent();
        assertThat(ring.authenticate(ATTACKER_KEY)).isEmpty();
        assertThat(grid).doesNotContainKey(KeyDigest.legacyHash("sk-sb-old"));
    }

    @Test
    public void aSignedKeyFileOfTheLastVersionIsImportedWithoutBringingBackAKeyRevokedInTheStore() throws Exception {
        Path path = folder.getRoot().toPath().resolve("keys.json");
        KeyDigest digest = new KeyDigest(SECRET);
        SignedRecords signer = new SignedRecords(SECRET);
        String kept = digest.hash("sk-sb-kept");
        String revoked = digest.hash("sk-sb-revoked");
        new KeyFile(path).write(Map.of(
                kept, signer.sign(kept, new KeyRecord("key_kept", "kept", "acme", false, 1L).toJson()),
                revoked, signer.sign(revoked, new KeyRecord("key_gone", "gone", "acme", false, 2L).toJson())));
        // the file was imported before, the key revoked since, and the rename failed
        store.add(revoked, "key_gone", "s1.x.{}", 2L);
        store.revoke(revoked);

        KeyRing ring = loaded("keys.json");
        assertThat(ring.authenticate("sk-sb-kept")).isPresent();
        assertThat(ring.authenticate("sk-sb-revoked")).isEmpty();
        assertThat(store.active()).containsOnlyKeys(kept);
        assertThat(path.resolveSibling("keys.json.migrated")).exists();
    }

    @Test
    public void aFloodOfForgedRecordsIsIgnoredWithoutError() {
        KeyRing ring = loaded("keys.json");
        for (int i = 0; i < 1_000; i++) {
            ring.applyRemote("forged-" + i, i % 2 == 0 ? ADMIN_JSON : "s1.AAAA." + ADMIN_JSON);
        }
        assertThat(ring.list()).isEmpty();
    }
}
