package dev.switchboard.rest.internal.http;

import java.io.IOException;

/** The request body grew past the configured limit while it was read (chunked bodies have no length). */
final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
