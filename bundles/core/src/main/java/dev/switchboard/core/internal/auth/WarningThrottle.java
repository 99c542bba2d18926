package dev.switchboard.core.internal.auth;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * At most one warning per interval, with the number held back since the last one: whoever can write to
 * the grid could otherwise flood the log with forged records.
 */
final class WarningThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    WarningThrottle(long interval, TimeUnit unit, LongSupplier nanoClock) {
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs {@code message} (a constant: nothing from the grid goes into it) unless one was logged lately. */
    boolean warn(Logger log, String message) {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long held = suppressed.getAndSet(0);
        if (held > 0) {
            log.warn("{} ({} more like it in the last {} s)", message, held, TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
        } else {
            log.warn(message);
        }
        return true;
    }
}
