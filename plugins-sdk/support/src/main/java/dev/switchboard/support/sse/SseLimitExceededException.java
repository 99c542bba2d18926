package dev.switchboard.support.sse;

/** An upstream event grew beyond the parser's bound; the stream is broken or hostile. */
public final class SseLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SseLimitExceededException(int maxEventBytes) {
        super("server-sent event larger than " + maxEventBytes + " bytes");
    }
}
