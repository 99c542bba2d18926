package dev.switchboard.cache.grid.internal;

import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A one-node stand-in for the grid's signed map: bounded, least recently used out first, synchronous. */
final class FakeEntryMap implements SignedEntries.EntryMap {

    private final Map<String, byte[]> map;
    /** The time to live each store asked for, where it asked for one. */
    final Map<String, Duration> ttls = new java.util.concurrent.ConcurrentHashMap<>();

    FakeEntryMap(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** When set, reads go to a slow member: {@code get} waits for it (bounded), {@code getAsync} leaves it open. */
    private volatile CompletableFuture<Void> slowMember;

    @Override
    public byte[] get(String key) {
        CompletableFuture<Void> slow = slowMember;
        if (slow != null) {
            try {
                slow.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                return null; // the read timeout
            }
        }
        return stored(key);
    }

    @Override
    public CompletionStage<byte[]> getAsync(String key) {
        CompletableFuture<Void> slow = slowMember;
        return slow == null ? CompletableFuture.completedFuture(stored(key)) : slow.thenApply(ready -> stored(key));
    }

    private synchronized byte[] stored(String key) {
        return map.get(key);
    }

    /** From now on reads wait for the returned member's answer (complete it to let them through). */
    CompletableFuture<Void> slowMember() {
        slowMember = new CompletableFuture<>();
        return slowMember;
    }

    @Override
    public AutoCloseable listen(SignedEntries.EntryListener listener, boolean existing) {
        throw new UnsupportedOperationException("the L2 cache does not listen");
    }

    @Override
    public synchronized CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl) {
        map.put(key, value);
        if (ttl != null) {
            ttls.put(key, ttl);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized int removeKeys(java.util.function.Predicate<String> test) {
        int before = map.size();
        map.keySet().removeIf(test);
        return before - map.size();
    }

    @Override
    public synchronized long size() {
        return map.size();
    }

    @Override
    public long forged() {
        return 0;
    }

    synchronized void overwrite(String key, byte[] value) {
        map.put(key, value);
    }
}
