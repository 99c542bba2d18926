package dev.switchboard.webhooks.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one webhook, read by the metrics registry ({@code switchboard.webhooks.<name>.*}) and tests. */
final class DeliveryStats {

    final AtomicLong delivered = new AtomicLong();
    /** Attempts after the first. */
    final AtomicLong retried = new AtomicLong();
    /** Events given up on: a 4xx other than 408/429, or the last attempt failed. */
    final AtomicLong failed = new AtomicLong();
    /** Events dropped because the queue was full. */
    final AtomicLong dropped = new AtomicLong();

    @Override
    public String toString() {
        return "delivered=" + delivered + ", retried=" + retried + ", failed=" + failed + ", dropped=" + dropped;
    }
}
