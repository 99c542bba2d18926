package dev.switchboard.rest.internal.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Failed authentications per client address, node-local: an address that failed {@code limit} times within
 * one window (which starts at its first failure) is refused until the window ends, without its key being
 * checked. At most {@code maxAddresses} addresses are tracked, so many (or spoofed) addresses cannot grow it
 * without bound: when full, expired windows go first, then arbitrary ones.
 * <p>
 * Requests that pass look it up once; while no address failed recently the map is empty and that is free.
 */
final class FailedAuthentications {

    private final int limit;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailedAuthentications(int limit, long windowMillis, int maxAddresses, LongSupplier nanoClock) {
        if (limit < 1 || windowMillis < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("limit, window and size must be positive");
        }
        this.limit = limit;
        this.windowNanos = windowMillis * 1_000_000L;
        this.maxAddresses = maxAddresses;
        this.nanoClock = nanoClock;
    }

    /** False while no address failed recently: the common case, which then costs nothing more. */
    boolean anyTracked() {
        return !windows.isEmpty();
    }

    /** @return how long the address must wait (nanoseconds), 0 when it may try a key now */
    long blockedNanos(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return 0;
        }
        long left = window.start + windowNanos - nanoClock.getAsLong();
        if (left <= 0) {
            windows.remove(address, window);
            return 0;
        }
        return window.failures.get() >= limit ? left : 0;
    }

    /** Counts a failure; @return the failures of the address in its current window, this one included */
    int recordFailure(String address) {
        long now = nanoClock.getAsLong();
        Window window = windows.compute(address,
                (key, old) -> old == null || now - old.start >= windowNanos ? new Window(now) : old);
        int failures = window.failures.incrementAndGet();
        if (windows.size() > maxAddresses) {
            shrink(now);
        }
        return failures;
    }

    int limit() {
        return limit;
    }

    int trackedAddresses() {
        return windows.size();
    }

    /** Down to 90% of the bound, so a flood of new addresses does not pay a sweep on every failure. */
    private void shrink(long now) {
        windows.values().removeIf(window -> now - window.start >= windowNanos);
        int target = maxAddresses - maxAddresses / 10;
        Iterator<Window> it = windows.values().iterator();
        while (windows.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static final class Window {
        final long start;
        final AtomicInteger failures = new AtomicInteger();

        Window(long start) {
            this.start = start;
        }
    }
}
