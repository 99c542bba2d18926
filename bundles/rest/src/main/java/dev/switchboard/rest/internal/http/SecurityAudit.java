package dev.switchboard.rest.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log: failed authentications and blocked addresses, on the logger {@value #LOGGER} (the shipped
 * logging configuration routes it to {@code data/log/security.log}). A presented key appears only as its length
 * and a fingerprint keyed with a random per-process secret: it links repeated tries of the same key within one
 * run, and cannot be reversed or checked against a guess offline. At most {@code linesPerMinute} lines are
 * written per minute, so a flood cannot fill the disk; the next line written says how many were left out.
 */
final class SecurityAudit {

    static final String LOGGER = "dev.switchboard.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int MAX_PATH_CHARS = 200;

    private final int linesPerMinute;
    private final LongSupplier nanoClock;
    private final Consumer<String> sink;
    private final byte[] fingerprintKey = new byte[32];
    private long windowStart;
    private int written;
    private long suppressed;

    SecurityAudit(int linesPerMinute, LongSupplier nanoClock) {
        this(linesPerMinute, nanoClock, LOG::warn);
    }

    SecurityAudit(int linesPerMinute, LongSupplier nanoClock, Consumer<String> sink) {
        this.linesPerMinute = linesPerMinute;
        this.nanoClock = nanoClock;
        this.sink = sink;
        this.windowStart = nanoClock.getAsLong();
        new SecureRandom().nextBytes(fingerprintKey);
    }

    void authenticationFailed(String address, String method, String path, String reason, String presentedKey,
                              int failures) {
        long left = admit();
        if (left < 0) {
            return;
        }
        sink.accept(suppressedNote(left) + "auth.failure address=" + address + " request=\"" + printable(method) + ' '
                + printable(path) + "\" reason=" + reason + " key=" + describe(presentedKey)
                + " failures.in.window=" + failures);
    }

    void addressBlocked(String address, String path, int failures, long blockedMillis) {
        long left = admit();
        if (left < 0) {
            return;
        }
        sink.accept(suppressedNote(left) + "auth.blocked address=" + address + " path=\"" + printable(path)
                + "\" failures=" + failures + " blocked.ms=" + blockedMillis);
    }

    /** @return -1 when this line is over the budget, else how many lines were left out before it */
    private synchronized long admit() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= MINUTE_NANOS) {
            windowStart = now;
            written = 0;
        }
        if (written >= linesPerMinute) {
            suppressed++;
            return -1;
        }
        written++;
        long left = suppressed;
        suppressed = 0;
        return left;
    }

    private static String suppressedNote(long left) {
        return left == 0 ? "" : "(" + left + " earlier lines not logged: over the audit line budget) ";
    }

    String describe(String presentedKey) {
        if (presentedKey == null) {
            return "none";
        }
        return "length:" + presentedKey.length() + ",fp:" + fingerprint(presentedKey);
    }

    private String fingerprint(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
            byte[] digest = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(8);
            for (int i = 0; i < 4; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            return "unavailable";
        }
    }

    /** Paths are the client's text: cut, with anything but printable ASCII replaced, so a line stays one line. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        int end = Math.min(text.length(), MAX_PATH_CHARS);
        StringBuilder out = new StringBuilder(end + 3);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return text.length() > end ? out.append("...").toString() : out.toString();
    }
}
