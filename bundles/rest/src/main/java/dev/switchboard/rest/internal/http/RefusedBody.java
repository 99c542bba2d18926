package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one rule for a body refused as too large (413): how much of it is still read and dropped before the answer,
 * and when the connection is closed instead. A client such as Java's HttpClient or the OpenAI SDK writes the whole
 * body before it reads; if the server answers and closes with the body unread, the client's next write meets a
 * reset that also wipes the answer from its receive buffer, and it sees "connection reset" instead of the 413.
 * <p>
 * The rule: a refused body is read to its end when its end is at most {@link #MAX_DRAIN_BYTES} past the limit. A
 * declared length further over is not waited for (answered at once, the connection closes); a body of unknown
 * length (chunked) is dropped as it comes until it ends or passes that bound, and then answered either way.
 * <p>
 * Both planes apply it, each in its own way of reading: the admin API here, blocking on its servlet thread
 * ({@link #drain}: small bodies, few callers); the data plane without blocking, in its read listener and within
 * its body deadline ({@link RequestBody}). Only the rule is shared: the data plane must never block on a client's
 * body, and the admin API has no reason to go async for a 64 KiB body.
 */
final class RefusedBody {

    /** Quick on any link, not a way to make the server read gigabytes. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private static final int SINK_BYTES = 8192;

    private RefusedBody() {
    }

    /**
     * Whether a body declared {@code declared} bytes long (-1: unknown) and refused at {@code limit} is read to its
     * end before the 413; false: answered at once, and the connection closes.
     */
    static boolean drains(long declared, long limit) {
        return declared < 0 || declared - limit <= MAX_DRAIN_BYTES;
    }

    /**
     * How many more bytes of a refused body may be read and dropped when {@code read} of it were read already;
     * once more than that arrives the 413 goes out and the connection closes.
     */
    static long dropAllowance(long limit, long read) {
        return Math.max(0, limit + MAX_DRAIN_BYTES - read);
    }

    /**
     * Reads and drops, blocking on this thread, what is left of a refused body of which {@code read} bytes were read,
     * as far as {@link #dropAllowance} lets it; the admin API's way.
     */
    static void drain(InputStream in, long limit, long read) {
        byte[] sink = new byte[SINK_BYTES];
        long left = dropAllowance(limit, read);
        try {
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing more to drop
        }
    }
}
