package dev.switchboard.core.internal.plugins;

/**
 * A copy of a plugin's exception chain fit for the log: the same class names, messages and stack
 * traces, with a secret (the instance's provider key) cut out of every message. Plugin messages may
 * quote what the upstream said, and upstreams echo keys.
 */
final class RedactedThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DEPTH = 8;

    private RedactedThrowable(String text, StackTraceElement[] trace, RedactedThrowable cause) {
        super(text, cause, false, true);
        setStackTrace(trace);
    }

    /** {@code null} when there is nothing to log. */
    static RuntimeException of(Throwable failure, String secret) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        RedactedThrowable copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable original = chain.get(i);
            String message = redact(original.getMessage(), secret);
            String text = message == null ? original.getClass().getName() : original.getClass().getName() + ": " + message;
            copy = new RedactedThrowable(text, original.getStackTrace(), copy);
        }
        return copy;
    }

    static String redact(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        return text.replace(secret, "<redacted>");
    }

    /** Prints as the original would ("java.lang.NullPointerException: ..."), not as this class. */
    @Override
    public String toString() {
        return getMessage();
    }
}
