package dev.switchboard.store.internal;

import dev.switchboard.store.DirectoryStore;
import dev.switchboard.store.KeyStore;
import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageReports;
import dev.switchboard.store.UsageRow;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The one object registered under every service interface of the store. */
record StoreServices(LedgerWriter ledger, KeyStore keys, DirectoryStore directory, UsageReports reports)
        implements UsageLedger, KeyStore, DirectoryStore, UsageReports {

    @Override
    public List<Entry> all() {
        return directory.all();
    }

    @Override
    public void put(Entry entry) {
        directory.put(entry);
    }

    @Override
    public boolean remove(String kind, String tenant, String id) {
        return directory.remove(kind, tenant, id);
    }

    @Override
    public int report(UsageQuery query, RowSink sink) throws IOException {
        return reports.report(query, sink);
    }

    @Override
    public UsageRow totals(UsageQuery query) {
        return reports.totals(query);
    }

    @Override
    public boolean append(UsageEntry entry) {
        return ledger.append(entry);
    }

    @Override
    public long dropped() {
        return ledger.dropped();
    }

    @Override
    public Map<String, String> active() {
        return keys.active();
    }

    @Override
    public void put(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        keys.put(keyedHash, keyId, signedRecord, createdEpochMillis);
    }

    @Override
    public boolean add(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
        return keys.add(keyedHash, keyId, signedRecord, createdEpochMillis);
    }

    @Override
    public boolean revoke(String keyedHash) {
        return keys.revoke(keyedHash);
    }
}
