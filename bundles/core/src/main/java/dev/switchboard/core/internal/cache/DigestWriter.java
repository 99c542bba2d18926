package dev.switchboard.core.internal.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Feeds a SHA-256 digest through one small buffer, so a fingerprint costs a fixed few KiB whatever the
 * size of the request: text is encoded to UTF-8 straight into the buffer, numbers are written in a short
 * canonical form (never expanded, so {@code 1e308} costs as much as {@code 1}). Lone surrogates are
 * encoded as three bytes of their own (not replaced by {@code ?} as {@link String#getBytes} would), so
 * different strings never feed the same bytes.
 */
final class DigestWriter {

    private static final int BUFFER_BYTES = 1024;
    /** Integral doubles up to here are exact as longs, so {@code 2.0} and {@code 2} hash alike. */
    private static final double EXACT_LONG = 9_007_199_254_740_992d;

    private final MessageDigest digest;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;

    DigestWriter() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** One ASCII marker byte (a type tag or punctuation). */
    DigestWriter mark(char ascii) {
        if (used == BUFFER_BYTES) {
            flush();
        }
        buffer[used++] = (byte) ascii;
        return this;
    }

    /** Field names and other ASCII constants of the format. */
    DigestWriter ascii(String constant) {
        for (int i = 0; i < constant.length(); i++) {
            mark(constant.charAt(i));
        }
        return this;
    }

    /** A decimal integer and a terminator, so that adjacent numbers cannot run together. */
    DigestWriter integer(long value) {
        if (BUFFER_BYTES - used < 21) {
            flush();
        }
        if (value == Long.MIN_VALUE) {
            return ascii("-9223372036854775808;");
        }
        if (value < 0) {
            buffer[used++] = '-';
            value = -value;
        }
        int start = used;
        do {
            buffer[used++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = used - 1; i < j; i++, j--) {
            byte swap = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = swap;
        }
        buffer[used++] = ';';
        return this;
    }

    /**
     * A double by value: integral values that a long holds exactly as that integer (so {@code 0.0} and
     * {@code 0} are the same temperature), every other value as its 8 IEEE-754 bytes (canonical NaN).
     */
    DigestWriter decimal(double value) {
        if (value == Math.rint(value) && Math.abs(value) <= EXACT_LONG) {
            return mark('n').integer((long) value);
        }
        long bits = Double.doubleToLongBits(value);
        mark('d');
        if (BUFFER_BYTES - used < 8) {
            flush();
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[used++] = (byte) (bits >>> shift);
        }
        return this;
    }

    /** A string: its length in chars, then its UTF-8 bytes. */
    DigestWriter text(String text) {
        mark('s').integer(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (BUFFER_BYTES - used < 4) {
                flush();
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer[used++] = (byte) c;
            } else if (c < 0x800) {
                buffer[used++] = (byte) (0xC0 | c >> 6);
                buffer[used++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer[used++] = (byte) (0xF0 | cp >> 18);
                buffer[used++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buffer[used++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buffer[used++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buffer[used++] = (byte) (0xE0 | c >> 12);
                buffer[used++] = (byte) (0x80 | c >> 6 & 0x3F);
                buffer[used++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    String hex() {
        flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    private void flush() {
        digest.update(buffer, 0, used);
        used = 0;
    }
}
