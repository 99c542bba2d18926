package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read and fails with {@link BodyTooLargeException} once more than the limit arrived. */
final class BoundedInputStream extends InputStream {

    private final InputStream in;
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            // InputStream's contract (readAllBytes asks so with a full buffer): not one byte past the buffer's end
            return 0;
        }
        // never ask for more than one byte past the limit: enough to notice, no more to buffer
        int wanted = (int) Math.min(length, limit - count + 1);
        int n = in.read(buffer, offset, Math.max(wanted, 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws BodyTooLargeException {
        count += n;
        if (count > limit) {
            throw new BodyTooLargeException(limit);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
