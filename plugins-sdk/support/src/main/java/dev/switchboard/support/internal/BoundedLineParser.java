package dev.switchboard.support.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What the incremental stream parsers ({@link dev.switchboard.support.sse.SseParser},
 * {@link dev.switchboard.support.ndjson.NdjsonParser}) share: taking bytes from a buffer or an array split
 * anywhere, and holding the current unfinished line within a bound. A subclass finds its own line ends in
 * {@link #feed(byte[], int, int)} and reads each line from {@link #line}. Not exported: the parsers' API is their own.
 *
 * <p>Not thread-safe: feed it from one thread at a time (Jetty delivers a response's content serially).
 */
public abstract class BoundedLineParser<T> {

    protected final Consumer<? super T> sink;
    private final int maxBytes;
    private byte[] scratch;

    /** The bytes of the current line, {@code lineLength} of them. */
    protected byte[] line = new byte[256];
    protected int lineLength;
    /** Bytes the subclass holds beyond the current line (an SSE event's earlier data lines), within the same bound. */
    protected int heldBeyondLine;

    /** @param maxName the bound's name in the subclass's API, for the message of a bad value */
    protected BoundedLineParser(Consumer<? super T> sink, int maxBytes, String maxName) {
        if (sink == null) {
            throw new IllegalArgumentException("sink is required");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException(maxName + " must be positive");
        }
        this.sink = sink;
        this.maxBytes = maxBytes;
    }

    /** Consumes all remaining bytes of {@code buffer}. */
    public final void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int start = buffer.arrayOffset() + buffer.position();
            int length = buffer.remaining();
            buffer.position(buffer.limit());
            feed(buffer.array(), start, length);
            return;
        }
        // Jetty hands over slices of direct network buffers: copy through one reused array
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (buffer.hasRemaining()) {
            int n = Math.min(scratch.length, buffer.remaining());
            buffer.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    public final void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** Parses {@code length} bytes from {@code offset}; dispatches whatever they complete. */
    public abstract void feed(byte[] bytes, int offset, int length);

    /** The stream ended: dispatches what a last unterminated line completes. */
    public abstract void finish();

    /** Bytes held for the current line and whatever else is not dispatched yet (what a memory budget must count). */
    public final int bufferedBytes() {
        return lineLength + heldBeyondLine;
    }

    /** Adds {@code count} bytes to the current line; throws {@link #limitExceeded} past the bound. */
    protected final void append(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        if (heldBeyondLine + lineLength + count > maxBytes) {
            throw limitExceeded(maxBytes);
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /** The subclass's own exception for a line (or event) beyond the bound. */
    protected abstract RuntimeException limitExceeded(int maxBytes);
}
