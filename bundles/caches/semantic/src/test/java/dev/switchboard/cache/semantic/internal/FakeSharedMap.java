package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A stand-in for one shared signed map of the grid, seen by several nodes: every {@link #node()} view reads and
 * writes the same entries, and every listener (of any view) hears every store and removal at once, as the grid's
 * events would tell each member. Synchronous; no signatures (the grid's own tests check those).
 */
final class FakeSharedMap {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final List<SignedEntries.EntryListener> listeners = new CopyOnWriteArrayList<>();
    /** When set, reads complete only when the test completes this. */
    volatile CompletableFuture<Void> slowReads;

    SignedEntries.EntryMap node() {
        return new SignedEntries.EntryMap() {
            @Override
            public byte[] get(String key) {
                synchronized (entries) {
                    return entries.get(key);
                }
            }

            @Override
            public CompletionStage<byte[]> getAsync(String key) {
                CompletableFuture<Void> gate = slowReads;
                return gate == null ? CompletableFuture.completedFuture(get(key)) : gate.thenApply(v -> get(key));
            }

            @Override
            public AutoCloseable listen(SignedEntries.EntryListener listener, boolean existing) {
                listeners.add(listener);
                if (existing) {
                    Map<String, byte[]> copy;
                    synchronized (entries) {
                        copy = new LinkedHashMap<>(entries);
                    }
                    copy.forEach(listener::stored);
                }
                return () -> listeners.remove(listener);
            }

            @Override
            public CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl) {
                synchronized (entries) {
                    entries.put(key, value);
                }
                listeners.forEach(l -> l.stored(key, value));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public int removeKeys(Predicate<String> test) {
                List<String> removed;
                synchronized (entries) {
                    removed = entries.keySet().stream().filter(test).toList();
                    removed.forEach(entries::remove);
                }
                removed.forEach(key -> listeners.forEach(l -> l.removed(key)));
                return removed.size();
            }

            @Override
            public long size() {
                synchronized (entries) {
                    return entries.size();
                }
            }

            @Override
            public long forged() {
                return 0;
            }
        };
    }

    int listeners() {
        return listeners.size();
    }
}
