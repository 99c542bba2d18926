package dev.switchboard.core.internal.pipeline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Requests in flight per key on this node, so one key cannot take a provider's whole connection pool.
 * Counted in memory with no grid round trip: the point is to protect this node's upstream connections, which
 * are node-local too. One counter per key id (there are as many as keys, never per request).
 */
final class KeyConcurrency {

    /** Held by a request from admission to its end; {@link #release()} is safe to call on every end path. */
    static class Permit {

        /** What requests get while no limit is set: counts nothing, costs no allocation. */
        static final Permit UNLIMITED = new Permit();

        void release() {
        }
    }

    private static final class Counted extends Permit {

        private static final AtomicIntegerFieldUpdater<Counted> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Counted.class, "released");

        private final AtomicInteger counter;
        private volatile int released;

        Counted(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                counter.decrementAndGet();
            }
        }
    }

    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** @return a permit, or null when the key already has {@code limit} requests in flight; {@code limit <= 0} is no limit */
    Permit tryAcquire(String keyId, int limit) {
        if (limit <= 0) {
            return Permit.UNLIMITED;
        }
        AtomicInteger counter = inFlight.get(keyId);
        if (counter == null) {
            counter = inFlight.computeIfAbsent(keyId, id -> new AtomicInteger());
        }
        if (counter.incrementAndGet() > limit) {
            counter.decrementAndGet();
            return null;
        }
        return new Counted(counter);
    }

    int inFlight(String keyId) {
        AtomicInteger counter = inFlight.get(keyId);
        return counter == null ? 0 : counter.get();
    }
}
