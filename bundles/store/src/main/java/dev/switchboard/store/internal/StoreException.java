package dev.switchboard.store.internal;

/** A store operation that failed; the message names the operation, never a value that could be secret. */
final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
