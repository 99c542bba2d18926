package dev.switchboard.core.api;

/** Lets the client side abort a stream (the client went away): the upstream call is cancelled. */
@FunctionalInterface
public interface StreamHandle {

    void cancel();
}
