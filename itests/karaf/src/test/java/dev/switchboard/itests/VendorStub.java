package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A loopback stand-in for a vendor's chat API, for a provider instance to call: one request per connection, read
 * whole by a {@link StubServer}, answered by {@link #answer}. A request offering tools (and not yet answering one)
 * gets a call of {@code get_weather} for Paris, one carrying a tool result gets {@value #WEATHER}, any other
 * {@value #ANSWER}. Subclasses speak one vendor's documented wire format (with {@link StubServer}'s answer helpers).
 */
abstract class VendorStub implements AutoCloseable {

    static final String ANSWER = "Hello from the vendor stub.";
    static final String WEATHER = "It is 18 degrees in Paris.";

    private final StubServer server;

    VendorStub(String name) throws IOException {
        server = StubServer.start(name + "-stub", 8, (request, socket) -> answer(request, socket.getOutputStream()));
    }

    String origin() {
        return server.origin();
    }

    int requests() {
        return server.requests();
    }

    StubServer.Request last() {
        return server.last();
    }

    /** Writes the whole HTTP answer to {@code request}. */
    abstract void answer(StubServer.Request request, OutputStream out) throws IOException;

    /**
     * One {@code application/vnd.amazon.eventstream} event message: prelude (total and headers length, CRC32), the
     * string headers {@code :event-type}, {@code :content-type}, {@code :message-type}, the payload, the message CRC32.
     */
    static byte[] eventFrame(String eventType, String contentType, byte[] payload) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":event-type", eventType);
        header(headers, ":content-type", contentType);
        header(headers, ":message-type", "event");
        byte[] headerBytes = headers.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(total);
        frame.putInt(total).putInt(headerBytes.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(frame.array(), 0, 8);
        frame.putInt((int) crc.getValue());
        frame.put(headerBytes).put(payload);
        crc.reset();
        crc.update(frame.array(), 0, total - 4);
        frame.putInt((int) crc.getValue());
        return frame.array();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(n.length);
        out.write(n, 0, n.length);
        out.write(7);
        out.write((v.length >> 8) & 0xFF);
        out.write(v.length & 0xFF);
        out.write(v, 0, v.length);
    }

    @Override
    public void close() {
        server.close();
    }
}
