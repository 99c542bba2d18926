package dev.switchboard.support.aws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Incremental decoder of {@code application/vnd.amazon.eventstream}, the binary framing of AWS streaming answers
 * (Bedrock's ConverseStream and InvokeModelWithResponseStream, SageMaker's InvokeEndpointWithResponseStream).
 * Feed it bytes as they arrive, cut anywhere; it hands each complete message to the sink as soon as its last
 * byte is in, on the feeding thread.
 *
 * <p>A message: a 12-byte prelude (total length, headers length, both big-endian 32-bit, and the CRC-32 of those
 * 8 bytes), the headers, the payload, and the CRC-32 of everything before it. Both CRCs are checked; the total
 * length is checked against a bound before anything is buffered, so a corrupt or hostile length cannot make it
 * hold more than {@code maxMessageBytes}. Any violation throws {@link EventStreamException}, after which the
 * decoder refuses further input. Not thread-safe: one per stream, fed in order.
 */
public final class EventStreamDecoder {

    /** AWS's own limit for one message is 16 MiB; answers carry far less. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    static final int PRELUDE_BYTES = 12;
    static final int MIN_MESSAGE_BYTES = PRELUDE_BYTES + 4;
    private static final int MAX_HEADERS_BYTES = 128 * 1024;

    private final Consumer<? super EventStreamMessage> sink;
    private final int maxMessageBytes;
    private byte[] buffer = new byte[1024];
    private int buffered;
    private boolean failed;

    public EventStreamDecoder(Consumer<? super EventStreamMessage> sink) {
        this(sink, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public EventStreamDecoder(Consumer<? super EventStreamMessage> sink, int maxMessageBytes) {
        if (maxMessageBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be at least " + MIN_MESSAGE_BYTES);
        }
        this.sink = sink;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Consumes all remaining bytes of {@code bytes} (the buffer may be reused by the caller afterwards). */
    public void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            int take = Math.min(bytes.remaining(), room());
            bytes.get(buffer, buffered, take);
            buffered += take;
            drain();
        }
    }

    public void feed(byte[] bytes, int offset, int length) {
        feed(ByteBuffer.wrap(bytes, offset, length));
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** The body ended: throws when it ended inside a message. */
    public void finish() {
        if (!failed && buffered > 0) {
            throw fail("stream ended inside a message (" + buffered + " bytes of it received)");
        }
    }

    /** Bytes of an incomplete message held now. */
    public int bufferedBytes() {
        return buffered;
    }

    /** How much the buffer can take now: what the current message still needs, grown up to its total length. */
    private int room() {
        if (failed) {
            throw new EventStreamException("event stream already failed");
        }
        int needed = buffered < PRELUDE_BYTES ? PRELUDE_BYTES : totalLength();
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, Math.min(maxMessageBytes, buffer.length * 2)));
        }
        return needed - buffered;
    }

    private void drain() {
        if (buffered == PRELUDE_BYTES) {
            checkPrelude();
        }
        if (buffered >= PRELUDE_BYTES && buffered == totalLength()) {
            EventStreamMessage message = decode(buffer, totalLength());
            buffered = 0;
            if (buffer.length > 64 * 1024) {
                buffer = new byte[1024]; // one large message must not pin its buffer for the rest of the stream
            }
            sink.accept(message);
        }
    }

    private void checkPrelude() {
        int total = readInt(buffer, 0);
        int headers = readInt(buffer, 4);
        CRC32 crc = new CRC32();
        crc.update(buffer, 0, 8);
        if ((int) crc.getValue() != readInt(buffer, 8)) {
            throw fail("prelude CRC mismatch");
        }
        if (total < MIN_MESSAGE_BYTES || total > maxMessageBytes) {
            throw fail("message length " + Integer.toUnsignedString(total) + " outside 16.." + maxMessageBytes);
        }
        if (headers < 0 || headers > MAX_HEADERS_BYTES || headers > total - MIN_MESSAGE_BYTES) {
            throw fail("headers length " + Integer.toUnsignedString(headers) + " does not fit the message");
        }
    }

    private int totalLength() {
        return readInt(buffer, 0);
    }

    private EventStreamMessage decode(byte[] frame, int total) {
        CRC32 crc = new CRC32();
        crc.update(frame, 0, total - 4);
        if ((int) crc.getValue() != readInt(frame, total - 4)) {
            throw fail("message CRC mismatch");
        }
        int headersEnd = PRELUDE_BYTES + readInt(frame, 4);
        Map<String, Object> headers = new LinkedHashMap<>();
        int at = PRELUDE_BYTES;
        while (at < headersEnd) {
            int nameLength = frame[at++] & 0xff;
            need(at + nameLength + 1, headersEnd);
            String name = new String(frame, at, nameLength, StandardCharsets.UTF_8);
            at += nameLength;
            int type = frame[at++];
            Object value;
            switch (type) {
                case 0 -> value = Boolean.TRUE;
                case 1 -> value = Boolean.FALSE;
                case 2 -> {
                    need(at + 1, headersEnd);
                    value = frame[at];
                    at += 1;
                }
                case 3 -> {
                    need(at + 2, headersEnd);
                    value = (short) ((frame[at] & 0xff) << 8 | frame[at + 1] & 0xff);
                    at += 2;
                }
                case 4 -> {
                    need(at + 4, headersEnd);
                    value = readInt(frame, at);
                    at += 4;
                }
                case 5, 8 -> {
                    need(at + 8, headersEnd);
                    long number = readLong(frame, at);
                    value = type == 5 ? (Object) number : Instant.ofEpochMilli(number);
                    at += 8;
                }
                case 6, 7 -> {
                    need(at + 2, headersEnd);
                    int length = (frame[at] & 0xff) << 8 | frame[at + 1] & 0xff;
                    at += 2;
                    need(at + length, headersEnd);
                    value = type == 7 ? new String(frame, at, length, StandardCharsets.UTF_8)
                            : Arrays.copyOfRange(frame, at, at + length);
                    at += length;
                }
                case 9 -> {
                    need(at + 16, headersEnd);
                    value = new UUID(readLong(frame, at), readLong(frame, at + 8));
                    at += 16;
                }
                default -> throw fail("unknown header value type " + type);
            }
            headers.put(name, value);
        }
        return new EventStreamMessage(headers, Arrays.copyOfRange(frame, headersEnd, total - 4));
    }

    private void need(int end, int headersEnd) {
        if (end > headersEnd) {
            throw fail("header runs past the headers section");
        }
    }

    private EventStreamException fail(String message) {
        failed = true;
        buffered = 0;
        return new EventStreamException("malformed event stream: " + message);
    }

    static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    private static long readLong(byte[] bytes, int at) {
        return (long) readInt(bytes, at) << 32 | readInt(bytes, at + 4) & 0xffffffffL;
    }
}
