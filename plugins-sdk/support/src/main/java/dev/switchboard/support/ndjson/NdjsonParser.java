package dev.switchboard.support.ndjson;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental parser of newline-delimited JSON (one JSON value per line, as Ollama streams): feed it bytes as
 * they arrive, split anywhere (inside a line or a UTF-8 sequence); each non-blank line goes to the sink the moment
 * its newline arrives. A CR before the LF is dropped. Only the current line is held, bounded by
 * {@code maxLineBytes}, like {@link dev.switchboard.support.sse.SseParser} bounds an event. The parser does not read
 * the JSON: the provider does, with its streaming reader.
 *
 * <p>Not thread-safe: feed it from one thread at a time (Jetty delivers a response's content serially).
 */
public final class NdjsonParser {

    public static final int DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

    private final Consumer<? super String> sink;
    private final int maxLineBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] scratch;

    public NdjsonParser(Consumer<? super String> sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES);
    }

    public NdjsonParser(Consumer<? super String> sink, int maxLineBytes) {
        if (sink == null) {
            throw new IllegalArgumentException("sink is required");
        }
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
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
     * Parses {@code length} bytes from {@code offset}; dispatches every line they complete.
     *
     * @throws NdjsonLimitExceededException when one line grows beyond {@code maxLineBytes}
     */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int lineStart = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, lineStart, i - lineStart);
                endLine();
                lineStart = i + 1;
            }
        }
        append(bytes, lineStart, end - lineStart);
    }

    /** Bytes held for the current, unfinished line (what a memory budget must count). */
    public int bufferedBytes() {
        return lineLength;
    }

    /** The stream ended: a last line without its newline is dispatched too. */
    public void finish() {
        endLine();
    }

    private void append(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        if (lineLength + count > maxLineBytes) {
            throw new NdjsonLimitExceededException(maxLineBytes);
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    private void endLine() {
        int length = lineLength;
        lineLength = 0;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        while (start < length && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        if (start < length) {
            sink.accept(new String(line, start, length - start, StandardCharsets.UTF_8));
        }
    }
}
