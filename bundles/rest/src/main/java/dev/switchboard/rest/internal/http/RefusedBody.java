package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.http.HttpServletRequest;

/**
 * Reads and drops what is left of a body the server refused (413) before answering. A client such as Java's
 * HttpClient or the OpenAI SDK writes the whole body before it reads; if the server closes with most of the body
 * unread, the client's next write meets a reset that also wipes the answer from its receive buffer, and it sees
 * "connection reset" instead of the 413. Draining is bounded: a body declared larger than {@link #MAX_DRAIN_BYTES}
 * is not waited for, and the connection is closed as before.
 */
final class RefusedBody {

    /** A few times the largest admin body: quick on any link, not a way to make the server read gigabytes. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private RefusedBody() {
    }

    /** Drains the rest of the body when it is known and small enough, else leaves it (the connection closes). */
    static void drain(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared < 0 || declared > MAX_DRAIN_BYTES || request.isAsyncStarted()) {
            return;
        }
        byte[] sink = new byte[8192];
        long left = MAX_DRAIN_BYTES;
        try {
            InputStream in = request.getInputStream();
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the body was read as a Reader, or the client went away: nothing more to drop
        }
    }
}
