package dev.switchboard.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

public class EventStreamDecoderTest {

    /**
     * Three encoded messages published with AWS's reference implementation (awslabs/aws-c-event-stream,
     * tests/message_deserializer_test.c, Apache-2.0): no payload, a payload, one string header and a payload.
     */
    private static final byte[] EMPTY = bytes(0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x05, 0xc2, 0x48, 0xeb,
            0x7d, 0x98, 0xc8, 0xff);
    private static final byte[] PAYLOAD = bytes(0x00, 0x00, 0x00, 0x1D, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x52, 0x8c, 0x5a,
            0x7b, 0x27, 0x66, 0x6f, 0x6f, 0x27, 0x3a, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7d, 0xc3, 0x65, 0x39, 0x36);
    private static final byte[] HEADER_AND_PAYLOAD = concat(bytes(0x00, 0x00, 0x00, 0x3D, 0x00, 0x00, 0x00, 0x20,
            0x07, 0xFD, 0x83, 0x96, 0x0C), "content-type".getBytes(StandardCharsets.US_ASCII), bytes(0x07, 0x00, 0x10),
            "application/json".getBytes(StandardCharsets.US_ASCII), "{'foo':'bar'}".getBytes(StandardCharsets.US_ASCII),
            bytes(0x8D, 0x9C, 0x08, 0xB1));

    private final List<EventStreamMessage> messages = new ArrayList<>();
    private final EventStreamDecoder decoder = new EventStreamDecoder(messages::add, 4096);

    @Test
    public void decodesAwsPublishedMessages() {
        decoder.feed(concat(EMPTY, PAYLOAD, HEADER_AND_PAYLOAD));
        decoder.finish();

        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).payload()).isEmpty();
        assertThat(messages.get(0).headers()).isEmpty();
        assertThat(messages.get(1).payloadText()).isEqualTo("{'foo':'bar'}");
        assertThat(messages.get(2).headers()).containsExactly(Map.entry("content-type", "application/json"));
        assertThat(messages.get(2).payloadText()).isEqualTo("{'foo':'bar'}");
    }

    @Test
    public void theEncoderWritesWhatAwsWrites() {
        assertThat(EventStreamEncoder.encode(Map.of("content-type", "application/json"),
                "{'foo':'bar'}".getBytes(StandardCharsets.US_ASCII))).isEqualTo(HEADER_AND_PAYLOAD);
        assertThat(EventStreamEncoder.encode(Map.of(), new byte[0])).isEqualTo(EMPTY);
    }

    @Test
    public void aMessageIsHandedOnWhenItsLastByteArrivesWhereverTheChunksAreCut() {
        byte[] stream = concat(EventStreamEncoder.event("contentBlockDelta", "{\"delta\":{\"text\":\"Hel\"}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"delta\":{\"text\":\"lo\"}}"),
                EventStreamEncoder.exception("throttlingException", "{\"message\":\"slow down\"}"));
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            messages.clear();
            EventStreamDecoder fresh = new EventStreamDecoder(messages::add, 4096);
            int at = 0;
            while (at < stream.length) {
                int length = Math.min(stream.length - at, 1 + random.nextInt(round % 2 == 0 ? 3 : 40));
                fresh.feed(ByteBuffer.wrap(stream, at, length));
                at += length;
            }
            fresh.finish();
            assertThat(messages).hasSize(3);
        }
        assertThat(messages.get(0).eventType()).isEqualTo("contentBlockDelta");
        assertThat(messages.get(1).payloadText()).isEqualTo("{\"delta\":{\"text\":\"lo\"}}");
        assertThat(messages.get(2).isEvent()).isFalse();
        assertThat(messages.get(2).exceptionType()).isEqualTo("throttlingException");
    }

    @Test
    public void aMessageIsDeliveredBeforeTheNextOneIsComplete() {
        byte[] first = EventStreamEncoder.event("a", "{}");
        byte[] second = EventStreamEncoder.event("b", "{}");
        decoder.feed(concat(first, java.util.Arrays.copyOf(second, 5)));
        assertThat(messages).hasSize(1);
        assertThat(decoder.bufferedBytes()).isEqualTo(5);
    }

    @Test
    public void aCorruptedPayloadFailsTheMessageCrc() {
        byte[] frame = PAYLOAD.clone();
        frame[14] ^= 0x01;
        assertThatThrownBy(() -> decoder.feed(frame)).isInstanceOf(EventStreamException.class)
                .hasMessageContaining("message CRC");
        assertThat(messages).isEmpty();
        assertThatThrownBy(() -> decoder.feed(EMPTY)).isInstanceOf(EventStreamException.class);
    }

    @Test
    public void aCorruptedLengthFailsThePreludeCrcBeforeAnythingIsBuffered() {
        byte[] frame = PAYLOAD.clone();
        frame[2] = 0x7f; // claims ~8 MiB
        assertThatThrownBy(() -> decoder.feed(frame)).isInstanceOf(EventStreamException.class)
                .hasMessageContaining("prelude CRC");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    public void aMessageLargerThanTheBoundIsRefusedFromItsPrelude() {
        byte[] large = EventStreamEncoder.event("big", "\"" + "x".repeat(5000) + "\"");
        assertThatThrownBy(() -> decoder.feed(java.util.Arrays.copyOf(large, 12)))
                .isInstanceOf(EventStreamException.class).hasMessageContaining("outside 16..4096");
    }

    @Test
    public void aStreamCutInsideAMessageFailsAtItsEnd() {
        decoder.feed(java.util.Arrays.copyOf(PAYLOAD, 20));
        assertThatThrownBy(decoder::finish).isInstanceOf(EventStreamException.class).hasMessageContaining("ended inside");
    }

    @Test
    public void everyHeaderTypeIsRead() {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, "t", 0);
        header(headers, "f", 1);
        header(headers, "b", 2, 0x05);
        header(headers, "s", 3, 0x01, 0x02);
        header(headers, "i", 4, 0, 0, 1, 0);
        header(headers, "l", 5, 0, 0, 0, 0, 0, 0, 0, 9);
        header(headers, "x", 6, 0, 2, 0xca, 0xfe);
        header(headers, "u", 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2);
        byte[] frame = frame(headers.toByteArray());
        decoder.feed(frame);
        Map<String, Object> read = new LinkedHashMap<>(messages.get(0).headers());
        assertThat(read.get("t")).isEqualTo(true);
        assertThat(read.get("f")).isEqualTo(false);
        assertThat(read.get("b")).isEqualTo((byte) 5);
        assertThat(read.get("s")).isEqualTo((short) 0x0102);
        assertThat(read.get("i")).isEqualTo(256);
        assertThat(read.get("l")).isEqualTo(9L);
        assertThat((byte[]) read.get("x")).containsExactly(0xca, 0xfe);
        assertThat(read.get("u")).isEqualTo(new java.util.UUID(1, 2));
    }

    @Test
    public void anUnknownHeaderTypeIsMalformed() {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, "q", 42);
        assertThatThrownBy(() -> decoder.feed(frame(headers.toByteArray()))).isInstanceOf(EventStreamException.class)
                .hasMessageContaining("unknown header value type 42");
    }

    private static void header(ByteArrayOutputStream out, String name, int type, int... value) {
        out.write(name.length());
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write(type);
        for (int b : value) {
            out.write(b);
        }
    }

    /** A frame with raw header bytes and no payload, CRCs computed. */
    private static byte[] frame(byte[] headers) {
        int total = 12 + headers.length + 4;
        byte[] frame = new byte[total];
        ByteBuffer.wrap(frame).putInt(total).putInt(headers.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(frame, 0, 8);
        ByteBuffer.wrap(frame, 8, 4).putInt((int) crc.getValue());
        System.arraycopy(headers, 0, frame, 12, headers.length);
        crc.reset();
        crc.update(frame, 0, total - 4);
        ByteBuffer.wrap(frame, total - 4, 4).putInt((int) crc.getValue());
        return frame;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
