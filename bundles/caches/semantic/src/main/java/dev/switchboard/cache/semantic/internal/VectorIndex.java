package dev.switchboard.cache.semantic.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A bounded index of unit vectors with their values, searched by cosine similarity within one partition only (a
 * partition is one tenant's scope, one model and one set of request parameters, so nothing is ever compared across
 * them). The bound is over all partitions together, least recently used first; entries expire a fixed time after
 * they were written (dropped when a search meets them). A search is a linear scan of its partition under the lock:
 * exact, and cheap at the sizes a node holds (thousands); no approximate index is needed at this scale. In the
 * semantic cache it is each node's view of the grid's shared index: the keys and vectors, not the answers.
 */
final class VectorIndex<V> {

    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Map<String, Entry<V>>> partitions = new HashMap<>();
    private final LinkedHashMap<String, Entry<V>> byKey;
    private long evictions;

    /**
     * @param maxEntries upper bound on entries, at least 1
     * @param ttlNanos   time to live after a write; 0 or less means entries never expire
     * @param nanoClock  a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    VectorIndex(int maxEntries, long ttlNanos, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
        this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                if (size() > VectorIndex.this.maxEntries) {
                    unlink(eldest.getValue());
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Stores {@code value} under {@code key} (replacing what was there); {@code vector} need not be normalised. */
    synchronized void put(String partition, String key, float[] vector, V value, long entryTtlNanos) {
        float[] unit = unit(vector);
        if (unit == null) {
            return;
        }
        long ttl = entryTtlNanos > 0 && (ttlNanos <= 0 || entryTtlNanos < ttlNanos) ? entryTtlNanos : ttlNanos;
        Entry<V> entry = new Entry<>(partition, key, unit, value, nanoClock.getAsLong(), ttl);
        Entry<V> previous = byKey.remove(key);
        if (previous != null) {
            unlink(previous);
        }
        partitions.computeIfAbsent(partition, p -> new HashMap<>()).put(key, entry);
        byKey.put(key, entry);
    }

    /** The value of the most similar live entry of {@code partition} at or above {@code threshold}, or null. */
    synchronized V nearest(String partition, float[] vector, double threshold) {
        Map<String, Entry<V>> entries = partitions.get(partition);
        float[] unit = entries == null ? null : unit(vector);
        if (unit == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        Entry<V> best = null;
        double bestSimilarity = threshold;
        for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
            Entry<V> entry = it.next();
            if (entry.ttlNanos > 0 && now - entry.writtenAtNanos >= entry.ttlNanos) {
                it.remove();
                byKey.remove(entry.key);
                evictions++;
                continue;
            }
            double similarity = dot(unit, entry.vector);
            if (similarity >= bestSimilarity) {
                best = entry;
                bestSimilarity = similarity;
            }
        }
        if (entries.isEmpty()) {
            partitions.remove(partition);
        }
        if (best == null) {
            return null;
        }
        byKey.get(best.key); // a hit is a use: it moves to the young end of the LRU order
        return best.value;
    }

    /** Removes the entry under {@code key}, if there is one. */
    synchronized void remove(String key) {
        Entry<V> entry = byKey.remove(key);
        if (entry != null) {
            unlink(entry);
        }
    }

    /** Removes every entry whose key passes {@code test}; returns how many. */
    synchronized long removeKeys(Predicate<String> test) {
        long removed = 0;
        for (Iterator<Entry<V>> it = byKey.values().iterator(); it.hasNext(); ) {
            Entry<V> entry = it.next();
            if (test.test(entry.key)) {
                it.remove();
                unlink(entry);
                removed++;
            }
        }
        return removed;
    }

    synchronized long size() {
        return byKey.size();
    }

    /** Entries the index dropped on its own: pushed out by the bound or found expired. */
    synchronized long evictions() {
        return evictions;
    }

    private void unlink(Entry<V> entry) {
        Map<String, Entry<V>> entries = partitions.get(entry.partition);
        if (entries != null && entries.remove(entry.key) != null && entries.isEmpty()) {
            partitions.remove(entry.partition);
        }
    }

    /** Cosine of unit vectors; vectors of another dimension (another embedding model) are never similar. */
    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code vector} scaled to length 1, or null when it is empty, zero or not finite. */
    static float[] unit(float[] vector) {
        if (vector == null || vector.length == 0) {
            return null;
        }
        double squares = 0;
        for (float value : vector) {
            squares += (double) value * value;
        }
        if (!(squares > 0) || Double.isInfinite(squares)) {
            return null;
        }
        double norm = Math.sqrt(squares);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private record Entry<V>(String partition, String key, float[] vector, V value, long writtenAtNanos,
                            long ttlNanos) {
    }
}
