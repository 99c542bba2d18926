package dev.switchboard.support.sse;

import dev.switchboard.support.internal.BoundedLineParser;
import java.nio.charset.StandardCharsets;
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
public final class SseParser extends BoundedLineParser<SseEvent> {

    public static final int DEFAULT_MAX_EVENT_BYTES = 2 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private boolean afterCr;
    private boolean firstLine = true;

    private String firstData;
    private StringBuilder moreData;
    private String eventType;
    private String lastEventId;

    public SseParser(Consumer<? super SseEvent> sink) {
        this(sink, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseParser(Consumer<? super SseEvent> sink, int maxEventBytes) {
        super(sink, maxEventBytes, "maxEventBytes");
    }

    /**
     * Parses {@code length} bytes starting at {@code offset}; dispatches every event they complete.
     *
     * @throws SseLimitExceededException when one event grows beyond {@code maxEventBytes}
     */
    @Override
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

    /** The stream ended: processes an unterminated last line and dispatches a pending event. */
    @Override
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
        afterCr = false;
        dispatch();
    }

    @Override
    protected RuntimeException limitExceeded(int maxBytes) {
        return new SseLimitExceededException(maxBytes);
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
        heldBeyondLine += byteCount + 1;
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
        heldBeyondLine = 0;
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
