package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.RequestIds;

/**
 * The {@code x-request-id} of a response, made when the request arrives: core's {@link RequestIds} (the time, then
 * random bits; nothing a client could use), the very id core books the request under when it reaches core (the
 * gateway's methods take it), so a support request quoting it finds the request's row in the usage ledger. A
 * request refused before core (401, 400, 413) keeps an id of the same shape that has no row. A client's own
 * {@code x-request-id} is never taken as the key: it could collide or be forged.
 */
final class RequestId {

    static final String HEADER = "x-request-id";

    private RequestId() {
    }

    static String next() {
        return RequestIds.next();
    }
}
