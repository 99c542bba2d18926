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
            assertEquals(List.of(1, 2, 3, 4, 5, 6), SchemaMigrations.migrate(database));
            for (String table : List.of("tenants", "api_keys", "limit_rules", "budgets", "usage_ledger", "projects",
                    "tenant_users", "routes")) {
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
            assertEquals("versions 1 to 5 are there already", List.of(),
                    SchemaMigrations.migrate(database, SchemaMigrations.SCRIPTS));
            List<String> next = new java.util.ArrayList<>(SchemaMigrations.SCRIPTS);
            next.add("V7__test_only.sql");
            assertEquals(List.of(SchemaMigrations.SCRIPTS.size() + 1), SchemaMigrations.migrate(database, next));
            assertEquals(1, StoreFixtures.ledgerRows(database));
            assertEquals(0, StoreFixtures.count(database, "SELECT COUNT(time_zone) FROM tenants"));
            try (Connection connection = database.connection()) {
                assertEquals(SchemaMigrations.SCRIPTS.size() + 1, SchemaMigrations.currentVersion(connection));
            }
        }
    }

    @Test
    public void versionThreeAddsTheRequestContextToALedgerWithRows() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = Database.open(StoreComponent.defaultUrl(dir), "", "", 2)) {
            SchemaMigrations.migrate(database, List.of("V1__initial.sql"));
            try (Connection connection = database.connection(); java.sql.Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO usage_ledger (request_id, at_millis, prompt_tokens, completion_tokens,"
                        + " cached_tokens, reasoning_tokens, cost, latency_ms, status) VALUES ('req_1', 1, 1, 1, 0, 0, 0, 1, 'ok')");
            }
            assertEquals(List.of(2, 3, 4, 5, 6), SchemaMigrations.migrate(database));
            assertEquals(1, StoreFixtures.count(database, "SELECT COUNT(*) FROM usage_ledger WHERE project IS NULL"
                    + " AND user_id IS NULL AND session_id IS NULL AND tags IS NULL"));
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
