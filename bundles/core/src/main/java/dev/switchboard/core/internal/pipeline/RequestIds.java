package dev.switchboard.core.internal.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The id of an admitted call ({@code CallContext.requestId()}, the usage ledger's primary key): {@code req_} and
 * 24 hex digits, the first 12 the time in epoch milliseconds, the other 12 (48 bits) random. The time first
 * makes the ids ascend, so the ledger appends each row at the end of its primary-key index; random ids landed
 * each on another page of it, which in the embedded H2 database cost about three times the CPU per row, more
 * as the table grew (docs/performance.md, session of 2026-12-01).
 */
final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    static String next() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
    }

    static String next(long epochMillis, long random) {
        char[] id = new char[28];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        hex(id, 4, epochMillis, 12);
        hex(id, 16, random, 12);
        return new String(id);
    }

    /** The lowest {@code digits} hex digits of {@code value} into {@code id} from {@code at}, most significant first. */
    private static void hex(char[] id, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            id[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
