package dev.switchboard.store.internal;

import dev.switchboard.store.UsageEntry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** An H2 file database in a test's folder, and ledger entries to write into it. */
final class StoreFixtures {

    private StoreFixtures() {
    }

    static Database h2(Path dir) throws IOException, SQLException {
        Database database = Database.open(StoreComponent.defaultUrl(dir), "", "", 4);
        SchemaMigrations.migrate(database);
        return database;
    }

    static UsageEntry entry(String requestId) {
        return new UsageEntry(requestId, 1_700_000_000_000L, "acme", "key_1", "gpt-4o-mini", "openai", "openai-main",
                12, 34, 5, 6, new BigDecimal("0.0001234"), 250, "ok", null);
    }

    static long count(Database database, String sql) throws SQLException {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long ledgerRows(Database database) throws SQLException {
        return count(database, "SELECT COUNT(*) FROM usage_ledger");
    }

    /** Waits (bounded: 10 s) until the ledger holds {@code rows} rows; returns what it holds then. */
    static long awaitLedgerRows(Database database, long rows) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long now = ledgerRows(database);
        while (now < rows && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = ledgerRows(database);
        }
        return now;
    }
}
