package dev.switchboard.cache.memory.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A bounded, access-ordered map whose entries expire a fixed time after they were written. Expiry is
 * lazy (checked on read), which is enough because the bound caps memory either way.
 *
 * <p>Why segments: an access-ordered {@link LinkedHashMap} relinks on every read, so reads need the
 * lock too. Splitting the map into a few independently locked segments keeps request threads from
 * queueing on one lock; the price is that LRU order is per segment, which is fine for a cache. Small
 * maps use one segment, so their eviction order is exact.
 */
final class ExpiringLruMap<V> {

    private static final int MAX_SEGMENTS = 16;
    private static final int MIN_ENTRIES_PER_SEGMENT = 64;

    private final Segment<V>[] segments;
    private final int mask;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LongAdder evictions = new LongAdder();

    /**
     * @param maxEntries upper bound on entries, at least 1
     * @param ttlNanos   time to live after a write; 0 or less means entries never expire
     * @param nanoClock  a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    @SuppressWarnings("unchecked")
    ExpiringLruMap(int maxEntries, long ttlNanos, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        int count = segmentCount(maxEntries);
        this.segments = new Segment[count];
        for (int i = 0; i < count; i++) {
            // spread the remainder so the capacities add up to exactly maxEntries
            int capacity = maxEntries / count + (i < maxEntries % count ? 1 : 0);
            segments[i] = new Segment<>(capacity, evictions);
        }
        this.mask = count - 1;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    private static int segmentCount(int maxEntries) {
        int wanted = Math.max(1, Math.min(MAX_SEGMENTS, maxEntries / MIN_ENTRIES_PER_SEGMENT));
        return Integer.highestOneBit(wanted);
    }

    /** The live value, or {@code null} when absent or expired (an expired entry is dropped). */
    V get(String key) {
        Segment<V> segment = segmentFor(key);
        long now = nanoClock.getAsLong();
        synchronized (segment) {
            Entry<V> entry = segment.get(key);
            if (entry == null) {
                return null;
            }
            if (isExpired(entry, now)) {
                segment.remove(key);
                evictions.increment();
                return null;
            }
            return entry.value;
        }
    }

    void put(String key, V value) {
        put(key, value, ttlNanos);
    }

    /** With a time to live of its own, used when it is shorter than the map's (0 or less: the map's). */
    void put(String key, V value, long entryTtlNanos) {
        Segment<V> segment = segmentFor(key);
        long ttl = entryTtlNanos > 0 && (ttlNanos <= 0 || entryTtlNanos < ttlNanos) ? entryTtlNanos : ttlNanos;
        Entry<V> entry = new Entry<>(value, nanoClock.getAsLong(), ttl);
        synchronized (segment) {
            segment.put(key, entry);
        }
    }

    /** Removes every entry whose key passes {@code test}; returns how many. */
    long removeKeys(java.util.function.Predicate<String> test) {
        long removed = 0;
        for (Segment<V> segment : segments) {
            synchronized (segment) {
                int before = segment.size();
                segment.keySet().removeIf(test);
                removed += before - segment.size();
            }
        }
        return removed;
    }

    long size() {
        long size = 0;
        for (Segment<V> segment : segments) {
            synchronized (segment) {
                size += segment.size();
            }
        }
        return size;
    }

    /** Entries the map dropped on its own: pushed out by the bound or found expired. */
    long evictions() {
        return evictions.sum();
    }

    int segments() {
        return segments.length;
    }

    private boolean isExpired(Entry<V> entry, long now) {
        return entry.ttlNanos > 0 && now - entry.writtenAtNanos >= entry.ttlNanos;
    }

    private Segment<V> segmentFor(String key) {
        int h = key.hashCode();
        return segments[(h ^ (h >>> 16)) & mask];
    }

    private record Entry<V>(V value, long writtenAtNanos, long ttlNanos) {
    }

    private static final class Segment<V> extends LinkedHashMap<String, Entry<V>> {

        private static final long serialVersionUID = 1L;

        private final int capacity;
        private final transient LongAdder evictions;

        Segment(int capacity, LongAdder evictions) {
            super(16, 0.75f, true);
            this.capacity = capacity;
            this.evictions = evictions;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
            if (size() > capacity) {
                evictions.increment();
                return true;
            }
            return false;
        }
    }
}
