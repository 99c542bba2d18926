package dev.switchboard.store.internal;

import dev.switchboard.store.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The keys table: keyed hash -> signed record; a revoked key keeps its row with the time it was revoked. */
final class JdbcKeyStore implements KeyStore {

    private final Database database;

    JdbcKeyStore(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, String> active() {
        Map<String, String> active = new LinkedHashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT keyed_hash, record FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, key_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                active.put(rows.getString(1), rows.getString(2));
            }
            return active;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the keys from the store", e);
        }
    }

    @Override
    public void put(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        try (Connection connection = database.connection();
             PreparedStatement upsert = connection.prepareStatement(database.dialect().upsertKey)) {
            upsert.setString(1, keyedHash);
            upsert.setString(2, keyId);
            upsert.setString(3, signedRecord);
            upsert.setLong(4, createdEpochMillis);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot store key '" + keyId + "'", e);
        }
    }

    @Override
    public boolean add(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO api_keys (keyed_hash, key_id, record, created_at, revoked_at)"
                             + " SELECT ?, ?, ?, ?, NULL WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE keyed_hash = ?)")) {
            insert.setString(1, keyedHash);
            insert.setString(2, keyId);
            insert.setString(3, signedRecord);
            insert.setLong(4, createdEpochMillis);
            insert.setString(5, keyedHash);
            return insert.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot import key '" + keyId + "'", e);
        }
    }

    @Override
    public boolean revoke(String keyedHash) {
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE api_keys SET revoked_at = ? WHERE keyed_hash = ? AND revoked_at IS NULL")) {
            update.setLong(1, System.currentTimeMillis());
            update.setString(2, keyedHash);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot revoke a key in the store", e);
        }
    }
}
