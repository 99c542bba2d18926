package dev.switchboard.core.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The id of a request, one for its whole life: the {@code x-request-id} of its response (rest makes it when the
 * request arrives, before it is authenticated) and, for a request core admits, the key it is booked under (the
 * usage ledger's primary key, events, logs, quota holds: {@code Gateway}'s methods take it). {@code req_} and
 * 24 hex digits, the first 12 the time in epoch milliseconds, the other 12 (48 bits) random. The time first
 * makes the ids ascend, so the ledger appends each row at the end of its primary-key index; random ids landed
 * each on another page of it, which in the embedded H2 database cost about three times the CPU per row, more
 * as the table grew (docs/performance.md, session of 2026-12-01).
 */
public final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** A new id: this millisecond, then 48 random bits. */
    public static String next() {
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
