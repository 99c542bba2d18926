package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdbcKeyStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void revokedKeysStayRevokedAcrossARestart() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            JdbcKeyStore keys = new JdbcKeyStore(database);
            keys.put("hash-a", "key_a", "s1.sig-a.{}", 1);
            keys.put("hash-b", "key_b", "s1.sig-b.{}", 2);
            assertTrue(keys.revoke("hash-a"));
            assertFalse("already revoked", keys.revoke("hash-a"));
        }
        try (Database database = StoreFixtures.h2(dir)) {
            JdbcKeyStore keys = new JdbcKeyStore(database);
            assertEquals(Map.of("hash-b", "s1.sig-b.{}"), keys.active());
            assertEquals(2, StoreFixtures.count(database, "SELECT COUNT(*) FROM api_keys"));
        }
    }

    @Test
    public void puttingAKeyAgainReplacesItsRecordAndMakesItActive() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            JdbcKeyStore keys = new JdbcKeyStore(database);
            keys.put("hash-boot", "key_bootstrap", "s1.old.{}", 1);
            keys.revoke("hash-boot");
            keys.put("hash-boot", "key_bootstrap", "s1.new.{}", 2);
            assertEquals(Map.of("hash-boot", "s1.new.{}"), keys.active());
        }
    }

    @Test
    public void addingNeverBringsBackARevokedKeyNorReplacesOne() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            JdbcKeyStore keys = new JdbcKeyStore(database);
            assertTrue(keys.add("hash-a", "key_a", "s1.a.{}", 1));
            assertFalse(keys.add("hash-a", "key_a", "s1.other.{}", 1));
            keys.revoke("hash-a");
            assertFalse(keys.add("hash-a", "key_a", "s1.a.{}", 1));
            assertEquals(Map.of(), keys.active());
        }
    }

    @Test
    public void theEmbeddedDatabaseFilesAreOwnerOnly() throws Exception {
        Path dir = folder.newFolder().toPath();
        String url = StoreComponent.defaultUrl(dir);
        try (Database database = StoreFixtures.h2(dir)) {
            StoreComponent.ownerOnly(url);
            Path file = dir.resolve("store.mv.db");
            assertTrue(Files.exists(file));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
    }

    @Test
    public void theLoggedUrlCarriesNoParameters() {
        assertEquals("jdbc:postgresql://db:5432/sb", Database.redacted("jdbc:postgresql://db:5432/sb?password=secret"));
        assertEquals("jdbc:h2:file:/x/store", Database.redacted("jdbc:h2:file:/x/store;PASSWORD=secret"));
    }
}
