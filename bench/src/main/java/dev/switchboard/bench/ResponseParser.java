package dev.switchboard.bench;

import java.nio.ByteBuffer;

/**
 * Incremental HTTP/1.1 response parser for one keep-alive connection: status, {@code Content-Length} or
 * chunked bodies, {@code Connection: close}. For event streams it also splits the body into SSE events
 * (blank-line separated) and reports when each event carrying the stub's content marker completes.
 * No allocation per response: the driver must cost as little as possible next to what it measures.
 */
final class ResponseParser {

    interface Events {
        /** the first byte of the response arrived */
        void firstByte(long nanos);

        /** an SSE event holding a content delta ({@code ~k} marker) is complete */
        void contentEvent(long nanos);
    }

    private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes();
    private static final byte[] CONNECTION = "connection:".getBytes();
    private static final byte[] CHUNKED = "chunked".getBytes();
    private static final byte[] CLOSE = "close".getBytes();

    private final byte[] line = new byte[8192];
    private int lineLength;
    private State state;
    private int status;
    private long remaining;
    private boolean chunked;
    private boolean close;
    private boolean started;
    private Events events;
    // SSE splitting state
    private byte previous;
    private boolean markerSeen;
    private boolean tilde;
    private long bodyBytes;

    void reset(Events events) {
        this.events = events;
        state = State.STATUS;
        lineLength = 0;
        status = 0;
        remaining = -1;
        chunked = false;
        close = false;
        started = false;
        previous = 0;
        markerSeen = false;
        tilde = false;
        bodyBytes = 0;
    }

    int status() {
        return status;
    }

    boolean closeAfter() {
        return close;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    /** Consumes what it can of {@code in}; true once the whole response has been read. */
    boolean feed(ByteBuffer in, long now) {
        if (!started && in.hasRemaining()) {
            started = true;
            if (events != null) {
                events.firstByte(now);
            }
        }
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, TRAILERS, CHUNK_END -> {
                    if (readLine(in)) {
                        onLine(now);
                    }
                }
                case BODY -> {
                    int n = (int) Math.min(in.remaining(), remaining);
                    body(in, n, now);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DONE;
                    }
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(in.remaining(), remaining);
                    body(in, n, now);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.DONE;
    }

    private boolean readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                throw new IllegalStateException("header line longer than " + line.length);
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine(long now) {
        int n = lineLength;
        lineLength = 0;
        switch (state) {
            case STATUS -> {
                // HTTP/1.1 200 OK
                if (n < 12) {
                    throw new IllegalStateException("bad status line");
                }
                status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (n == 0) {
                    if (chunked) {
                        state = State.CHUNK_SIZE;
                    } else if (remaining > 0) {
                        state = State.BODY;
                    } else if (remaining == 0 || status == 204 || status == 304) {
                        state = State.DONE;
                    } else {
                        throw new IllegalStateException("response without length (read to close unsupported)");
                    }
                } else if (startsWithIgnoreCase(n, CONTENT_LENGTH)) {
                    remaining = parseDecimal(CONTENT_LENGTH.length, n);
                } else if (startsWithIgnoreCase(n, TRANSFER_ENCODING)) {
                    chunked = containsIgnoreCase(TRANSFER_ENCODING.length, n, CHUNKED);
                } else if (startsWithIgnoreCase(n, CONNECTION)) {
                    close = containsIgnoreCase(CONNECTION.length, n, CLOSE);
                }
            }
            case CHUNK_SIZE -> {
                long size = 0;
                for (int i = 0; i < n; i++) {
                    int d = Character.digit(line[i], 16);
                    if (d < 0) {
                        break;
                    }
                    size = size * 16 + d;
                }
                remaining = size;
                state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (n == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void body(ByteBuffer in, int n, long now) {
        bodyBytes += n;
        if (events == null) {
            in.position(in.position() + n);
            return;
        }
        for (int i = 0; i < n; i++) {
            byte b = in.get();
            if (b == '\r') {
                continue;
            }
            if (b == '\n' && previous == '\n') {
                if (markerSeen) {
                    events.contentEvent(now);
                }
                markerSeen = false;
            } else if (tilde && b == 'k') {
                markerSeen = true;
            }
            tilde = b == '~';
            previous = b;
        }
    }

    private boolean startsWithIgnoreCase(int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int from, int n, byte[] word) {
        outer:
        for (int i = from; i + word.length <= n; i++) {
            for (int k = 0; k < word.length; k++) {
                if (Character.toLowerCase(line[i + k]) != word[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private long parseDecimal(int from, int n) {
        long v = 0;
        for (int i = from; i < n; i++) {
            byte b = line[i];
            if (b >= '0' && b <= '9') {
                v = v * 10 + (b - '0');
            }
        }
        return v;
    }
}
