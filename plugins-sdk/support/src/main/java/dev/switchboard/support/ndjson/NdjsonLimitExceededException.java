package dev.switchboard.support.ndjson;

/** An upstream line grew beyond the parser's bound; the stream is broken or hostile. */
public final class NdjsonLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NdjsonLimitExceededException(int maxLineBytes) {
        super("NDJSON line larger than " + maxLineBytes + " bytes");
    }
}
