package dev.switchboard.rest.internal.http;

import java.util.concurrent.ThreadLocalRandom;
import javax.servlet.ServletRequest;

/** The {@code x-request-id} of a response: random, so it can be quoted in a support request without leaking anything. */
final class RequestId {

    static final String HEADER = "x-request-id";
    /** Where {@link RequestGuard} leaves the id it gave a request, so the servlet and the guard log the same one. */
    static final String ATTRIBUTE = "dev.switchboard.requestId";

    private RequestId() {
    }

    /** The id this request already has, or a new one remembered on it. */
    static String of(ServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String id = next();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
