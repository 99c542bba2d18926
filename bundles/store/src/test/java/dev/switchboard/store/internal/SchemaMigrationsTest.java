package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SchemaMigrationsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anEmptyDatabaseGetsEveryTable() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = Database.open(StoreComponent.defaultUrl(dir), "", "", 2)) {
            assertEquals(List.of(1, 2, 3), SchemaMigrations.migrate(database));
            for (String table : List.of("tenants", "api_keys", "limit_rules", "budgets", "usage_ledger")) {
                assertEquals(table, 0, StoreFixtures.count(database, "SELECT COUNT(*) FROM " + table));
            }
        }
    }

    @Test
    public void anExistingDatabaseKeepsItsRowsAndGetsOnlyTheNewVersions() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            new LedgerWriter(database, 10, 10, 10).insert(List.of(StoreFixtures.entry("req_1")));
        }
        try (Database database = Database.open(StoreComponent.defaultUrl(dir), "", "", 2)) {
            assertEquals("versions 1 to 3 are there already", List.of(),
                    SchemaMigrations.migrate(database, SchemaMigrations.SCRIPTS));
            List<String> next = new java.util.ArrayList<>(SchemaMigrations.SCRIPTS);
            next.add("V4__test_only.sql");
            assertEquals(List.of(4), SchemaMigrations.migrate(database, next));
            assertEquals(1, StoreFixtures.ledgerRows(database));
            assertEquals(0, StoreFixtures.count(database, "SELECT COUNT(time_zone) FROM tenants"));
            try (Connection connection = database.connection()) {
                assertEquals(4, SchemaMigrations.currentVersion(connection));
            }
        }
    }

    @Test
    public void scriptsSplitOnSemicolonsAtLineEndsAndSkipComments() {
        List<String> statements = SchemaMigrations.statements("-- a comment; not a statement\n"
                + "CREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);\n");
        assertEquals(2, statements.size());
        assertTrue(statements.get(1).startsWith("CREATE TABLE b"));
    }
}
