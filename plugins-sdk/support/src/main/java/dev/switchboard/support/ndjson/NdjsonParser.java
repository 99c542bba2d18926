package dev.switchboard.support.ndjson;

import dev.switchboard.support.internal.BoundedLineParser;
import java.nio.charset.StandardCharsets;
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
public final class NdjsonParser extends BoundedLineParser<String> {

    public static final int DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

    public NdjsonParser(Consumer<? super String> sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES);
    }

    public NdjsonParser(Consumer<? super String> sink, int maxLineBytes) {
        super(sink, maxLineBytes, "maxLineBytes");
    }

    /**
     * Parses {@code length} bytes from {@code offset}; dispatches every line they complete.
     *
     * @throws NdjsonLimitExceededException when one line grows beyond {@code maxLineBytes}
     */
    @Override
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

    /** The stream ended: a last line without its newline is dispatched too. */
    @Override
    public void finish() {
        endLine();
    }

    @Override
    protected RuntimeException limitExceeded(int maxBytes) {
        return new NdjsonLimitExceededException(maxBytes);
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
