package dev.switchboard.core.internal.auth;

import dev.switchboard.store.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** The store's key table in memory, with the same rules: revoked rows stay, {@code add} never revives one. */
class MemoryKeyStore implements KeyStore {

    private record Row(String keyId, String record, boolean revoked) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, String> active() {
        Map<String, String> active = new LinkedHashMap<>();
        rows.forEach((hash, row) -> {
            if (!row.revoked()) {
                active.put(hash, row.record());
            }
        });
        return active;
    }

    @Override
    public synchronized void put(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        rows.put(keyedHash, new Row(keyId, signedRecord, false));
    }

    @Override
    public synchronized boolean add(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        return rows.putIfAbsent(keyedHash, new Row(keyId, signedRecord, false)) == null;
    }

    @Override
    public synchronized boolean revoke(String keyedHash) {
        Row row = rows.get(keyedHash);
        if (row == null || row.revoked()) {
            return false;
        }
        rows.put(keyedHash, new Row(row.keyId(), row.record(), true));
        return true;
    }

    /** Everything stored, as text, for "holds no secret" assertions. */
    synchronized String dump() {
        return rows.toString();
    }
}
