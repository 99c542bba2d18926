package dev.switchboard.support.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental parser of the {@code text/event-stream} format (WHATWG HTML, "Server-sent events").
 * Feed it bytes as they arrive, split anywhere (inside a line, a CRLF pair or a UTF-8 sequence); each event
 * goes to the sink the moment its terminating blank line arrives, so nothing waits for the whole stream.
 * Lines end with LF, CRLF or CR; {@code :} lines are comments; a leading UTF-8 BOM is skipped.
 *
 * <p>Only the bytes of the current line and the current event's data are held, bounded by
 * {@code maxEventBytes}. One difference from browsers: {@link #finish()} dispatches a last event that the
 * server did not terminate with a blank line, because upstream APIs sometimes close the stream right after
 * their final {@code data:} line.
 *
 * <p>Not thread-safe: feed it from one thread at a time (Jetty delivers a response's content serially).
 */
public final class SseParser {

    public static final int DEFAULT_MAX_EVENT_BYTES = 2 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<? super SseEvent> sink;
    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean firstLine = true;

    private String firstData;
    private StringBuilder moreData;
    private int eventBytes;
    private String eventType;
    private String lastEventId;
    private byte[] scratch;

    public SseParser(Consumer<? super SseEvent> sink) {
        this(sink, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseParser(Consumer<? super SseEvent> sink, int maxEventBytes) {
        if (sink == null) {
            throw new IllegalArgumentException("sink is required");
        }
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.sink = sink;
        this.maxEventBytes = maxEventBytes;
    }

    /** Consumes all remaining bytes of {@code buffer}. */
    public void feed(ByteBuffer buffer) {
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

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Parses {@code length} bytes starting at {@code offset}; dispatches every event they complete.
     *
     * @throws SseLimitExceededException when one event grows beyond {@code maxEventBytes}
     */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte b = bytes[i];
            if (b == LF || b == CR) {
                append(bytes, lineStart, i - lineStart);
                endLine();
                i++;
                if (b == CR) {
                    if (i == end) {
                        afterCr = true;
                    } else if (bytes[i] == LF) {
                        i++;
                    }
                }
                lineStart = i;
            } else {
                i++;
            }
        }
        append(bytes, lineStart, end - lineStart);
    }

    /** Bytes held for the current line and the current event's data (what a memory budget must count). */
    public int bufferedBytes() {
        return lineLength + eventBytes;
    }

    /** The stream ended: processes an unterminated last line and dispatches a pending event. */
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
        afterCr = false;
        dispatch();
    }

    private void append(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        if (eventBytes + lineLength + count > maxEventBytes) {
            throw new SseLimitExceededException(maxEventBytes);
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    private void endLine() {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        int length = lineLength - start;
        lineLength = 0;
        if (length == 0) {
            dispatch();
            return;
        }
        if (line[start] == ':') {
            return;
        }
        int colon = indexOf(line, start, start + length, (byte) ':');
        int nameEnd = colon < 0 ? start + length : colon;
        int valueStart = colon < 0 ? nameEnd : colon + 1;
        if (valueStart < start + length && line[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = start + length - valueStart;
        if (nameIs(DATA, start, nameEnd)) {
            addData(new String(line, valueStart, valueLength, StandardCharsets.UTF_8), valueLength);
        } else if (nameIs(EVENT, start, nameEnd)) {
            eventType = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
        } else if (nameIs(ID, start, nameEnd)) {
            if (indexOf(line, valueStart, valueStart + valueLength, (byte) 0) < 0) {
                lastEventId = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
            }
        }
        // retry and unknown fields are ignored: a server-to-server client has no reconnection policy to tune
    }

    private void addData(String value, int byteCount) {
        eventBytes += byteCount + 1;
        if (firstData == null) {
            firstData = value;
        } else {
            if (moreData == null) {
                moreData = new StringBuilder(firstData.length() + value.length() + 16).append(firstData);
            }
            moreData.append('\n').append(value);
        }
    }

    private void dispatch() {
        String type = eventType;
        eventType = null;
        if (firstData == null) {
            return;
        }
        String data = moreData == null ? firstData : moreData.toString();
        firstData = null;
        moreData = null;
        eventBytes = 0;
        sink.accept(new SseEvent(type, data, lastEventId));
    }

    private boolean nameIs(byte[] name, int from, int to) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (line[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte value) {
        for (int k = from; k < to; k++) {
            if (bytes[k] == value) {
                return k;
            }
        }
        return -1;
    }
}
