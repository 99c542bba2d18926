package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The store against a real PostgreSQL: the same migrations, ledger and keys as on H2. Skipped (with the
 * reason printed) when none is reachable. The database is given by {@code SWITCHBOARD_TEST_PG_URL},
 * {@code _USER}, {@code _PASSWORD}; by default a local one set up by
 * {@code .ci/postgres-test-db} (jdbc:postgresql://127.0.0.1:5432/switchboard_test, user switchboard).
 * The test empties that database's tables first.
 */
public class PostgresStoreTest {

    private Database database;

    @Before
    public void open() throws SQLException {
        String url = env("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/switchboard_test");
        database = Database.open(url, env("SWITCHBOARD_TEST_PG_USER", "switchboard"),
                env("SWITCHBOARD_TEST_PG_PASSWORD", "switchboard-test"), 4);
        try (Connection connection = database.connection()) {
            dropAll(connection);
        } catch (SQLException e) {
            database.close();
            database = null;
            String reason = "PostgreSQL test skipped: no PostgreSQL at " + Database.redacted(url) + " (" + e.getMessage()
                    + "); run .ci/postgres-test-db as root, or set SWITCHBOARD_TEST_PG_URL/_USER/_PASSWORD";
            System.err.println(reason);
            assumeTrue(reason, false);
        }
    }

    @After
    public void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    public void migratesTwiceWritesTheLedgerIdempotentlyAndKeepsKeys() throws Exception {
        assertEquals(List.of(1, 2, 3, 4, 5, 6), SchemaMigrations.migrate(database));
        assertEquals(List.of(), SchemaMigrations.migrate(database));

        LedgerWriter writer = new LedgerWriter(database, 100, 10, 600_000);
        writer.insert(List.of(StoreFixtures.entry("req_a"), StoreFixtures.entry("req_b")));
        writer.start();
        for (String id : List.of("req_a", "req_b", "req_c", "req_c")) {
            writer.append(StoreFixtures.entry(id));
        }
        writer.close();
        assertEquals(3, StoreFixtures.ledgerRows(database));

        // the usage reports' SQL (GROUP BY an expression, PERCENTILE_CONT, NULLS FIRST, LIMIT/OFFSET) on PostgreSQL
        writer.insert(JdbcUsageReportsTest.sample());
        JdbcUsageReports reports = new JdbcUsageReports(database);
        List<UsageRow> days = new java.util.ArrayList<>();
        reports.report(new UsageQuery(1_700_000_000_000L - 1000, 1_700_000_000_000L + 2 * 86_400_000L,
                List.of(UsageQuery.Dimension.DAY, UsageQuery.Dimension.TENANT), null, null, null, null, null, 0, 10),
                days::add);
        assertEquals(List.of("2023-11-14", "acme"), days.get(0).group());
        assertEquals(6, days.get(0).requests()); // req_a..c of the fixture and r1..r3
        assertEquals(250.0, days.get(0).p50LatencyMillis(), 0.001); // 100 200 250 250 250 300
        assertEquals(List.of("2023-11-15", "globex"), days.get(1).group());
        assertEquals(1, days.get(1).errors());
        assertEquals(1, days.get(1).cacheHits());

        JdbcKeyStore keys = new JdbcKeyStore(database);
        keys.put("hash-a", "key_a", "s1.a.{}", 1);
        keys.put("hash-b", "key_b", "s1.b.{}", 2);
        keys.revoke("hash-a");
        keys.put("hash-b", "key_b", "s1.b2.{}", 2);
        assertEquals(false, keys.add("hash-a", "key_a", "s1.a.{}", 1));
        assertEquals(true, keys.add("hash-c", "key_c", "s1.c.{}", 3));
        keys.revoke("hash-c");
        assertEquals(Map.of("hash-b", "s1.b2.{}"), keys.active());

        JdbcDirectoryStoreTest.roundTrip(new JdbcDirectoryStore(database));

        JdbcRouteStore routes = new JdbcRouteStore(database);
        routes.putRoute("smart", "s1.a.{}", 1);
        routes.putRoute("smart", "s1.b.{}", 2);
        routes.putRoute("gone", "s1.c.{}", 3);
        assertEquals(true, routes.removeRoute("gone"));
        assertEquals(java.util.Map.of("smart", "s1.b.{}"), routes.routes());

        JdbcLimitStoreTest.roundTrip(new JdbcLimitStore(database));
    }

    private static void dropAll(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("limit_definitions", "budget_spent", "routes", "usage_ledger", "budgets", "limit_rules", "api_keys", "tenants",
                    "projects", "tenant_users", "switchboard_schema")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
