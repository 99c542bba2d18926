package dev.switchboard.store.internal;

import dev.switchboard.store.DirectoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenants, projects and users in their three tables. A put is a delete and an insert in one transaction: the same
 * SQL on H2 and PostgreSQL, and these writes are rare.
 */
final class JdbcDirectoryStore implements DirectoryStore {

    private final Database database;

    JdbcDirectoryStore(Database database) {
        this.database = database;
    }

    @Override
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = database.connection()) {
            read(connection, "SELECT id, id, name, NULL, created_at, metadata FROM tenants ORDER BY created_at, id",
                    TENANT, entries);
            read(connection, "SELECT tenant_id, id, name, NULL, created_at, metadata FROM projects"
                    + " ORDER BY created_at, tenant_id, id", PROJECT, entries);
            read(connection, "SELECT tenant_id, id, name, role, created_at, metadata FROM tenant_users"
                    + " ORDER BY created_at, tenant_id, id", USER, entries);
            return entries;
        } catch (SQLException e) {
            throw new StoreException("Cannot read tenants, projects and users from the store", e);
        }
    }

    private static void read(Connection connection, String sql, String kind, List<Entry> into) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                into.add(new Entry(kind, rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getLong(5), rows.getString(6)));
            }
        }
    }

    @Override
    public void put(Entry entry) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                delete(connection, entry.kind(), entry.tenant(), entry.id());
                try (PreparedStatement insert = connection.prepareStatement(switch (kind(entry.kind())) {
                    case TENANT -> "INSERT INTO tenants (id, name, created_at, metadata) VALUES (?, ?, ?, ?)";
                    case PROJECT -> "INSERT INTO projects (tenant_id, id, name, created_at, metadata)"
                            + " VALUES (?, ?, ?, ?, ?)";
                    default -> "INSERT INTO tenant_users (tenant_id, id, name, created_at, metadata, role)"
                            + " VALUES (?, ?, ?, ?, ?, ?)";
                })) {
                    int i = 1;
                    if (!TENANT.equals(entry.kind())) {
                        insert.setString(i++, entry.tenant());
                    }
                    insert.setString(i++, entry.id());
                    insert.setString(i++, entry.name());
                    insert.setLong(i++, entry.createdEpochMillis());
                    if (entry.metadataJson() == null) {
                        insert.setNull(i++, Types.VARCHAR);
                    } else {
                        insert.setString(i++, entry.metadataJson());
                    }
                    if (USER.equals(entry.kind())) {
                        insert.setString(i, entry.role() == null ? "app" : entry.role());
                    }
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot store " + entry.kind() + " '" + entry.id() + "'", e);
        }
    }

    @Override
    public boolean remove(String kind, String tenant, String id) {
        try (Connection connection = database.connection()) {
            return delete(connection, kind, tenant, id) > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot remove " + kind + " '" + id + "'", e);
        }
    }

    private static int delete(Connection connection, String kind, String tenant, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(switch (kind(kind)) {
            case TENANT -> "DELETE FROM tenants WHERE id = ?";
            case PROJECT -> "DELETE FROM projects WHERE tenant_id = ? AND id = ?";
            default -> "DELETE FROM tenant_users WHERE tenant_id = ? AND id = ?";
        })) {
            if (TENANT.equals(kind)) {
                delete.setString(1, id);
            } else {
                delete.setString(1, tenant);
                delete.setString(2, id);
            }
            return delete.executeUpdate();
        }
    }

    private static String kind(String kind) {
        if (!TENANT.equals(kind) && !PROJECT.equals(kind) && !USER.equals(kind)) {
            throw new IllegalArgumentException("unknown directory kind '" + kind + "'");
        }
        return kind;
    }
}
