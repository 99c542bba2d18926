package dev.switchboard.support.http;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.sse.SseParser;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;

/**
 * The bytes of upstream answers held in memory, bounded for the whole node: a buffered answer, the
 * unfinished event of a stream and an error body all count, across every call of every provider. A call
 * that would take the total over {@code maxTotalBytes} fails at once with a retryable {@code UNAVAILABLE}
 * (another route may serve it) instead of growing the heap; one answer larger than
 * {@code maxResponseBytes} and one event larger than {@code maxEventBytes} fail too. Each call holds a
 * {@link Lease} that gives everything back when the call completes, fails or is cancelled.
 *
 * <p>The shared client carries one instance as a bean ({@link #of(HttpClient)}); {@link JsonPost} uses it.
 */
public final class UpstreamBuffers {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_EVENT_BYTES = SseParser.DEFAULT_MAX_EVENT_BYTES;

    /** For a client built elsewhere (tests, embedders): the defaults, shared by all such clients. */
    private static final UpstreamBuffers FALLBACK = new UpstreamBuffers(0, DEFAULT_MAX_RESPONSE_BYTES,
            DEFAULT_MAX_EVENT_BYTES);

    private final long maxTotalBytes;
    private final int maxResponseBytes;
    private final int maxEventBytes;
    private final AtomicLong held = new AtomicLong();

    /** {@code maxTotalBytes} 0 or less: a quarter of the maximum heap (64 MiB on the shipped 256 MiB). */
    public UpstreamBuffers(long maxTotalBytes, int maxResponseBytes, int maxEventBytes) {
        if (maxResponseBytes <= 0 || maxEventBytes <= 0) {
            throw new IllegalArgumentException("max.response.bytes and max.event.bytes must be positive");
        }
        this.maxTotalBytes = maxTotalBytes > 0 ? maxTotalBytes : defaultTotal();
        this.maxResponseBytes = maxResponseBytes;
        this.maxEventBytes = maxEventBytes;
    }

    public static long defaultTotal() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** The budget the client carries, or the shared defaults for a client built without one. */
    public static UpstreamBuffers of(HttpClient client) {
        UpstreamBuffers buffers = client.getBean(UpstreamBuffers.class);
        return buffers == null ? FALLBACK : buffers;
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    public int maxEventBytes() {
        return maxEventBytes;
    }

    /** Bytes held right now by all calls. */
    public long heldBytes() {
        return held.get();
    }

    /** What one call holds; start one per call. */
    public Lease lease() {
        return new Lease();
    }

    private boolean take(long bytes) {
        long current;
        do {
            current = held.get();
            if (current + bytes > maxTotalBytes) {
                return false;
            }
        } while (!held.compareAndSet(current, current + bytes));
        return true;
    }

    /**
     * The bytes one call holds. Jetty delivers a response's content serially, but a cancel may come from any
     * thread, so the few methods are synchronized (uncontended but for that race).
     */
    public final class Lease {

        private long bytes;
        private boolean closed;

        private Lease() {
        }

        /** Makes this call's share {@code target} bytes; false (holding what it held) when the node has no room. */
        public synchronized boolean holdExactly(long target) {
            if (closed) {
                return false;
            }
            long delta = target - bytes;
            if (delta > 0 && !take(delta)) {
                return false;
            }
            if (delta < 0) {
                held.addAndGet(delta);
            }
            bytes = target;
            return true;
        }

        /** Adds {@code more} bytes to this call's share; false when the node has no room. */
        public synchronized boolean hold(long more) {
            return holdExactly(bytes + more);
        }

        public synchronized long bytes() {
            return bytes;
        }

        /** Gives back everything; later calls hold nothing. Safe to call more than once, from any thread. */
        public synchronized void release() {
            if (!closed) {
                closed = true;
                held.addAndGet(-bytes);
                bytes = 0;
            }
        }

        /** The failure of a call the budget cannot hold, for {@code provider} at {@code origin}. */
        public ProviderException exhausted(String provider, String origin) {
            return new ProviderException(ErrorCode.UNAVAILABLE, provider + ": upstream answers held in memory "
                    + "reached the node's limit of " + maxTotalBytes + " bytes (" + origin + ")", true, null, 0, null);
        }
    }
}
