package dev.switchboard.support.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes {@code application/vnd.amazon.eventstream} messages with string headers, as AWS services send them.
 * For stubs of AWS upstreams in tests, and for the rare provider that must send a stream itself.
 */
public final class EventStreamEncoder {

    private EventStreamEncoder() {
    }

    /** One message: {@code headers} (string values, in the map's order) and {@code payload}. */
    public static byte[] encode(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
            if (name.length > 255 || value.length > 65535) {
                throw new IllegalArgumentException("header too long: " + header.getKey());
            }
            head.write(name.length);
            head.writeBytes(name);
            head.write(7);
            head.write(value.length >> 8);
            head.write(value.length & 0xff);
            head.writeBytes(value);
        }
        byte[] headerBytes = head.toByteArray();
        int total = EventStreamDecoder.PRELUDE_BYTES + headerBytes.length + payload.length + 4;
        byte[] frame = new byte[total];
        writeInt(frame, 0, total);
        writeInt(frame, 4, headerBytes.length);
        CRC32 crc = new CRC32();
        crc.update(frame, 0, 8);
        writeInt(frame, 8, (int) crc.getValue());
        System.arraycopy(headerBytes, 0, frame, EventStreamDecoder.PRELUDE_BYTES, headerBytes.length);
        System.arraycopy(payload, 0, frame, EventStreamDecoder.PRELUDE_BYTES + headerBytes.length, payload.length);
        crc.reset();
        crc.update(frame, 0, total - 4);
        writeInt(frame, total - 4, (int) crc.getValue());
        return frame;
    }

    /** An {@code event} message of {@code eventType} with a JSON payload. */
    public static byte[] event(String eventType, String json) {
        return encode(Map.of(EventStreamMessage.MESSAGE_TYPE, "event", EventStreamMessage.EVENT_TYPE, eventType,
                EventStreamMessage.CONTENT_TYPE, "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code exception} message of {@code exceptionType} with a JSON payload ({@code {"message":"..."}}). */
    public static byte[] exception(String exceptionType, String json) {
        return encode(Map.of(EventStreamMessage.MESSAGE_TYPE, "exception", EventStreamMessage.EXCEPTION_TYPE,
                exceptionType, EventStreamMessage.CONTENT_TYPE, "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
