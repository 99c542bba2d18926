package dev.switchboard.core.internal.auth;

import dev.switchboard.store.DirectoryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store's directory tables in memory. */
class MemoryDirectoryStore implements DirectoryStore {

    private final Map<String, Entry> rows = new LinkedHashMap<>();

    @Override
    public synchronized List<Entry> all() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized void put(Entry entry) {
        rows.put(entry.kind() + "/" + entry.tenant() + "/" + entry.id(), entry);
    }

    @Override
    public synchronized boolean remove(String kind, String tenant, String id) {
        return rows.remove(kind + "/" + tenant + "/" + id) != null;
    }
}
