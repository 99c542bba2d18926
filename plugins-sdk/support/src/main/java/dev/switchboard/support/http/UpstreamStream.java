package dev.switchboard.support.http;

/** A running streaming call. */
public interface UpstreamStream {

    /**
     * Aborts the upstream request (the connection is closed, not returned to the pool, so the provider stops
     * generating and billing). No listener callback follows a cancel. Idempotent; safe from any thread.
     */
    void cancel();

    /** Whether the stream has ended, failed or been cancelled. */
    boolean isDone();
}
