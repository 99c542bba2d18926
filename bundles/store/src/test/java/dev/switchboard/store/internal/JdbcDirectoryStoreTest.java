package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.store.DirectoryStore;
import dev.switchboard.store.DirectoryStore.Entry;
import java.math.BigDecimal;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdbcDirectoryStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void tenantsProjectsAndUsersSurviveAReopenAndAPutReplaces() throws Exception {
        java.nio.file.Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            roundTrip(new JdbcDirectoryStore(database));
        }
        try (Database database = StoreFixtures.h2(dir)) {
            assertEquals(3, new JdbcDirectoryStore(database).all().size());
        }
    }

    @Test
    public void theLedgerKeepsTheRequestContext() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            new LedgerWriter(database, 10, 10, 10).insert(List.of(new dev.switchboard.store.UsageEntry("req_ctx", 1,
                    "acme", "key_1", "m", "openai", "i", 1, 2, 0, 0, BigDecimal.ONE, 3, "ok", null, "chat", 0, 0, "web", "u-42",
                    "s-7", "beta,eu")));
            assertEquals(1, StoreFixtures.count(database, "SELECT COUNT(*) FROM usage_ledger WHERE project = 'web'"
                    + " AND user_id = 'u-42' AND session_id = 's-7' AND tags = 'beta,eu'"));
        }
    }

    /** Shared with the PostgreSQL test: the same expectations on both databases. */
    static void roundTrip(DirectoryStore store) {
        store.put(new Entry(DirectoryStore.TENANT, "acme", "acme", "Acme", null, 1, "{\"tier\":\"gold\"}"));
        store.put(new Entry(DirectoryStore.TENANT, "acme", "acme", "Acme Inc", null, 1, null));
        store.put(new Entry(DirectoryStore.PROJECT, "acme", "web", "Web shop", null, 2, null));
        store.put(new Entry(DirectoryStore.USER, "acme", "ann", "Ann", "tenant-admin", 3, "{}"));
        store.put(new Entry(DirectoryStore.USER, "acme", "bob", "Bob", "app", 4, null));
        assertTrue(store.remove(DirectoryStore.USER, "acme", "bob"));
        assertFalse(store.remove(DirectoryStore.USER, "acme", "bob"));
        assertFalse("a project of another tenant", store.remove(DirectoryStore.PROJECT, "other", "web"));
        List<Entry> all = store.all();
        assertEquals(List.of(
                new Entry(DirectoryStore.TENANT, "acme", "acme", "Acme Inc", null, 1, null),
                new Entry(DirectoryStore.PROJECT, "acme", "web", "Web shop", null, 2, null),
                new Entry(DirectoryStore.USER, "acme", "ann", "Ann", "tenant-admin", 3, "{}")), all);
    }
}
