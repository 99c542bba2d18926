package dev.switchboard.rest.internal.http;

import java.util.concurrent.ThreadLocalRandom;

/** The {@code x-request-id} of a response: random, so it can be quoted in a support request without leaking anything. */
final class RequestId {

    static final String HEADER = "x-request-id";

    private RequestId() {
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
