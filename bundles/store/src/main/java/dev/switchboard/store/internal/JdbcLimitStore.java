package dev.switchboard.store.internal;

import dev.switchboard.store.LimitStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit_definitions and budget_spent tables. A put is a delete and an insert in one transaction (portable between
 * H2 and PostgreSQL); a snapshot writes only the budgets whose amount changed, so its transaction stays small.
 */
final class JdbcLimitStore implements LimitStore {

    private final Database database;

    JdbcLimitStore(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, String> limits() {
        Map<String, String> limits = new LinkedHashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, record FROM limit_definitions ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                limits.put(rows.getString(1), rows.getString(2));
            }
            return limits;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the limit definitions from the store", e);
        }
    }

    @Override
    public void putLimit(String id, String signedRecord, long updatedEpochMillis) {
        try (Connection connection = database.connection()) {
            inTransaction(connection, () -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM limit_definitions WHERE id = ?");
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO limit_definitions (id, record, updated_at) VALUES (?, ?, ?)")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                    insert.setString(1, id);
                    insert.setString(2, signedRecord);
                    insert.setLong(3, updatedEpochMillis);
                    insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot store limit '" + id + "'", e);
        }
    }

    @Override
    public boolean removeLimit(String id) {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM limit_definitions WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot remove limit '" + id + "'", e);
        }
    }

    @Override
    public List<BudgetSpent> budgetSpent(long nowMillis) {
        List<BudgetSpent> spent = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT budget, spent, expires_at FROM budget_spent WHERE expires_at = 0 OR expires_at > ?"
                             + " ORDER BY budget")) {
            select.setLong(1, nowMillis);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    spent.add(new BudgetSpent(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
            }
            return spent;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the budgets' spent amounts from the store", e);
        }
    }

    @Override
    public void saveBudgetSpent(List<BudgetSpent> rows, long nowMillis) {
        try (Connection connection = database.connection()) {
            inTransaction(connection, () -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM budget_spent WHERE budget = ?");
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO budget_spent (budget, spent, expires_at, updated_at) VALUES (?, ?, ?, ?)");
                     PreparedStatement expired = connection.prepareStatement(
                             "DELETE FROM budget_spent WHERE expires_at <> 0 AND expires_at <= ?")) {
                    for (BudgetSpent row : rows) {
                        delete.setString(1, row.budget());
                        delete.addBatch();
                        insert.setString(1, row.budget());
                        insert.setLong(2, row.spent());
                        insert.setLong(3, row.expiresAtMillis());
                        insert.setLong(4, nowMillis);
                        insert.addBatch();
                    }
                    if (!rows.isEmpty()) {
                        delete.executeBatch();
                        insert.executeBatch();
                    }
                    expired.setLong(1, nowMillis);
                    expired.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot store the budgets' spent amounts", e);
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
