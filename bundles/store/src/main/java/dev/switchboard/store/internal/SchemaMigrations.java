package dev.switchboard.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the newest version at start: the scripts {@code schema/V<n>__*.sql}, in order, each
 * applied once and recorded in {@code switchboard_schema}. A table of our own rather than Flyway: a handful
 * of scripts need a loop, not a framework with its own class-path scanning to make work in OSGi. A new
 * version is a new script appended to {@link #SCRIPTS}; a released script is never edited.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__ledger_endpoints.sql", "V3__tenants.sql",
            "V4__routes.sql", "V5__ledger_reports.sql", "V6__limit_definitions_and_budget_spent.sql");

    private SchemaMigrations() {
    }

    /** Applies what is missing; returns the versions applied now. */
    static List<Integer> migrate(Database database) throws SQLException {
        return migrate(database, SCRIPTS);
    }

    static List<Integer> migrate(Database database, List<String> scripts) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        try (Connection connection = database.connection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS switchboard_schema ("
                        + "version INT PRIMARY KEY, script VARCHAR(256) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(connection);
            for (int i = 0; i < scripts.size(); i++) {
                int version = i + 1;
                if (version <= current) {
                    continue;
                }
                apply(connection, version, scripts.get(i));
                applied.add(version);
                LOG.info("Store schema migrated to version {} ({})", version, scripts.get(i));
            }
        }
        return applied;
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM switchboard_schema")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String script) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(read(script))) {
                    statement.execute(sql);
                }
            }
            // a second node migrating the same database at once fails here, on the key, and rolls back
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO switchboard_schema (version, script, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, version);
                record.setString(2, script);
                record.setLong(3, System.currentTimeMillis());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("schema/" + script)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the bundle: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Statements end with ';' at the end of a line; lines starting with '--' are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
