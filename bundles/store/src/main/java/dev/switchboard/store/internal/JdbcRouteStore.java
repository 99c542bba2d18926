package dev.switchboard.store.internal;

import dev.switchboard.store.RouteStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes table: alias -> signed record. A put is a delete and an insert in one transaction (portable between
 * H2 and PostgreSQL, and routes change rarely).
 */
final class JdbcRouteStore implements RouteStore {

    private final Database database;

    JdbcRouteStore(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT alias, record FROM routes ORDER BY alias");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                routes.put(rows.getString(1), rows.getString(2));
            }
            return routes;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the routes from the store", e);
        }
    }

    @Override
    public void putRoute(String alias, String signedRecord, long updatedEpochMillis) {
        try (Connection connection = database.connection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM routes WHERE alias = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO routes (alias, record, updated_at) VALUES (?, ?, ?)")) {
                delete.setString(1, alias);
                delete.executeUpdate();
                insert.setString(1, alias);
                insert.setString(2, signedRecord);
                insert.setLong(3, updatedEpochMillis);
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot store route '" + alias + "'", e);
        }
    }

    @Override
    public boolean removeRoute(String alias) {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM routes WHERE alias = ?")) {
            delete.setString(1, alias);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot remove route '" + alias + "'", e);
        }
    }
}
