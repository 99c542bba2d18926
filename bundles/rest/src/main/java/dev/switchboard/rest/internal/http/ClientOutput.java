package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * The bytes on their way to one client. Writers (Jackson generators) append to a buffer of ours; {@link #drain()}
 * hands them to the servlet output only while it says it is ready (Servlet 3.1 non-blocking I/O) and flushes
 * them, so the thread producing them — an upstream I/O thread, for a stream — never waits on a slow client.
 * What the client has not taken yet stays here, and {@link #buffered()} tells the owner how far behind it is.
 * <p>
 * Not thread-safe: the exchange that owns it calls it under its own lock, from upstream threads and from the
 * container's {@code onWritePossible}.
 */
final class ClientOutput extends OutputStream {

    private static final int INITIAL_CAPACITY = 1024;

    private final ServletOutputStream out;
    private byte[] buffer;
    private int count;
    /** The servlet output may still read our array (a write that did not complete at once): do not reuse it. */
    private boolean lent;
    private boolean flushWanted;

    ClientOutput(ServletOutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    /** Writers flush whole events into the buffer; {@link #drain()} decides when they go out. */
    @Override
    public void flush() {
    }

    /** Bytes written here and not yet handed to the servlet output. */
    int buffered() {
        return count;
    }

    /**
     * Hands the buffer to the servlet output and flushes it, as far as the client takes it now.
     *
     * @return true when nothing is left waiting, false when the container will call {@code onWritePossible}
     *         once the client has taken more
     */
    boolean drain() throws IOException {
        while (out.isReady()) {
            // a ready output holds nothing of ours any more
            lent = false;
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
                lent = true;
                flushWanted = true;
            } else if (flushWanted) {
                flushWanted = false;
                out.flush();
            } else {
                return true;
            }
        }
        return false;
    }

    /** Drops the buffer (the exchange is over); the servlet output keeps what it was already handed. */
    void release() {
        buffer = null;
        count = 0;
    }

    /** The response with its body going into this buffer, for code that writes a whole answer to a response. */
    HttpServletResponse capture(HttpServletResponse response) {
        ServletOutputStream into = new ServletOutputStream() {
            @Override
            public void write(int b) {
                ClientOutput.this.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                ClientOutput.this.write(bytes, offset, length);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new IllegalStateException("the exchange listens for writes itself");
            }
        };
        return new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() {
                return into;
            }
        };
    }

    private void ensureRoom(int length) {
        if (buffer == null) {
            buffer = new byte[Math.max(INITIAL_CAPACITY, length)];
        } else if (lent) {
            // the servlet output may still be reading the old array (count is 0 since it was handed over):
            // the new bytes go to a fresh one
            buffer = new byte[Math.max(buffer.length, length)];
            lent = false;
        } else if (count + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + length));
        }
    }
}
