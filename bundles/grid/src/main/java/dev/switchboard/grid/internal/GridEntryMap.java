package dev.switchboard.grid.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.api.state.SignedEntries;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One signed grid map. Forged entries read as absent and are logged at most once a minute. */
final class GridEntryMap implements SignedEntries.EntryMap {

    private static final Logger LOG = LoggerFactory.getLogger(GridEntryMap.class);
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final IMap<String, byte[]> map;
    private final SignedEntryCodec codec;
    private final Duration defaultTtl;
    private final long readTimeoutNanos;
    private final Executor callbacks;
    private final ReadDeadlines readDeadlines;
    private final AtomicLong timedOut = new AtomicLong();
    private final LongSupplier clockMillis;
    private final AtomicLong forged = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    GridEntryMap(IMap<String, byte[]> map, SignedEntryCodec codec, Duration defaultTtl, Duration readTimeout,
                 LongSupplier clockMillis, Executor callbacks, ReadDeadlines readDeadlines) {
        this.map = map;
        this.callbacks = callbacks;
        this.readDeadlines = readDeadlines;
        this.codec = codec;
        this.defaultTtl = defaultTtl;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.clockMillis = clockMillis;
    }

    @Override
    public byte[] get(String key) {
        try {
            return codec.decode(key, read(key));
        } catch (SignedEntryCodec.Forged e) {
            return forgedEntry();
        } catch (TimeoutException e) {
            timedOut.incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException | ExecutionException e) {
            LOG.debug("Grid map '{}' failed on get; read as absent", map.getName(), e);
            return null;
        }
    }

    /**
     * A near-cached entry is answered at once (the stage is complete); otherwise the wait for the owning member
     * is bounded, so a slow member costs a miss, not a hung request thread.
     */
    private byte[] read(String key) throws InterruptedException, ExecutionException, TimeoutException {
        if (readTimeoutNanos == 0) {
            return map.get(key);
        }
        return map.getAsync(key).toCompletableFuture().get(readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts (and at most once a minute logs) an entry that did not check; it reads as absent. */
    private byte[] forgedEntry() {
        long count = forged.incrementAndGet();
        long now = clockMillis.getAsLong();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("Grid map '{}' holds an entry not signed with this cluster's secret; read as absent"
                    + " ({} so far). Something that is not a Switchboard node of this cluster writes to the grid.",
                    map.getName(), count);
        }
        return null;
    }

    /** The entry's checked bytes or null; never throws. */
    private byte[] checked(String key, byte[] stored) {
        try {
            return codec.decode(key, stored);
        } catch (SignedEntryCodec.Forged e) {
            return forgedEntry();
        } catch (RuntimeException e) {
            LOG.debug("Grid map '{}' entry unreadable; read as absent", map.getName(), e);
            return null;
        }
    }

    /**
     * A near-cached entry completes the stage at once on the caller (Hazelcast answers it with a completed
     * future); otherwise it completes on the callback threads, never on Hazelcast's default async executor, with
     * the entry or, when the map's read timeout passes first, with {@code null} ({@link ReadDeadlines}: no timer
     * per read, never the JDK's delay thread).
     */
    @Override
    public CompletionStage<byte[]> getAsync(String key) {
        CompletableFuture<byte[]> read;
        try {
            read = map.getAsync(key).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.debug("Grid map '{}' failed on get; read as absent", map.getName(), e);
            return CompletableFuture.completedFuture(null);
        }
        if (read.isDone()) {
            return CompletableFuture.completedFuture(read.isCompletedExceptionally() ? null : checked(key, read.join()));
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        read.whenCompleteAsync((stored, failure) -> result.complete(failure == null ? checked(key, stored) : null),
                callbacks);
        return readTimeoutNanos == 0 ? result
                : readDeadlines.bound(result, readTimeoutNanos, null);
    }

    @Override
    public AutoCloseable listen(SignedEntries.EntryListener listener, boolean existing) {
        UUID id = map.addEntryListener(new Events(listener), true);
        if (existing) {
            // after the registration, so nothing written meanwhile is missed (a double delivery is harmless)
            for (Map.Entry<String, byte[]> entry : map.entrySet()) {
                byte[] value = checked(entry.getKey(), entry.getValue());
                if (value != null) {
                    listener.stored(entry.getKey(), value);
                }
            }
        }
        return () -> map.removeEntryListener(id);
    }

    /** Grid events turned into checked ones; a forged value is dropped (and counted), a listener's throw logged. */
    private final class Events implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]>,
            EntryRemovedListener<String, byte[]>, EntryExpiredListener<String, byte[]>,
            EntryEvictedListener<String, byte[]> {

        private final SignedEntries.EntryListener listener;

        Events(SignedEntries.EntryListener listener) {
            this.listener = listener;
        }

        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            stored(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            stored(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> event) {
            removed(event);
        }

        @Override
        public void entryExpired(EntryEvent<String, byte[]> event) {
            removed(event);
        }

        @Override
        public void entryEvicted(EntryEvent<String, byte[]> event) {
            removed(event);
        }

        private void stored(EntryEvent<String, byte[]> event) {
            byte[] value = checked(event.getKey(), event.getValue());
            try {
                if (value != null) {
                    listener.stored(event.getKey(), value);
                } else {
                    listener.removed(event.getKey());
                }
            } catch (RuntimeException e) {
                LOG.debug("Listener of grid map '{}' failed", map.getName(), e);
            }
        }

        private void removed(EntryEvent<String, byte[]> event) {
            try {
                listener.removed(event.getKey());
            } catch (RuntimeException e) {
                LOG.debug("Listener of grid map '{}' failed", map.getName(), e);
            }
        }
    }

    /** Reads that gave up waiting for the grid. */
    long timedOut() {
        return timedOut.get();
    }

    /** The stage completes on the grid's callback threads ({@link GridCounters#onCallbackThreads}). */
    @Override
    public CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl) {
        Duration life = ttl == null ? defaultTtl : ttl;
        long expiresAt = life.isZero() ? 0 : clockMillis.getAsLong() + life.toMillis();
        byte[] stored = codec.encode(key, value, expiresAt);
        CompletionStage<Void> written = life.isZero()
                ? map.setAsync(key, stored)
                : map.setAsync(key, stored, GridCounters.ttlSeconds(life), TimeUnit.SECONDS);
        return GridCounters.onCallbackThreads(written, callbacks);
    }

    @Override
    public int removeKeys(Predicate<String> test) {
        // an operator's action, rare: a key scan is fine here and needs no query class on the members
        int removed = 0;
        for (String key : map.keySet()) {
            if (test.test(key)) {
                map.delete(key);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public long forged() {
        return forged.get();
    }
}
