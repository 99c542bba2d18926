package dev.switchboard.grid.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

/**
 * The stored form of a signed entry: {@code expiresAtMillis (8) | HMAC (32) | value}. The MAC covers the
 * map name, the key, the expiry and the value, so an entry cannot be moved to another key or map, nor an
 * expired one written back with a new life; a member without the cluster secret cannot make one that
 * checks. Thread safe: the {@link Mac} (not thread safe, costly to make) is cloned per thread.
 */
final class SignedEntryCodec {

    static final int HEADER = 8 + 32;

    private final ThreadLocal<Mac> macs;
    private final byte[] mapName;
    private final LongSupplier clockMillis;

    SignedEntryCodec(Mac prototype, String mapName, LongSupplier clockMillis) {
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
            }
        });
        this.mapName = mapName.getBytes(StandardCharsets.UTF_8);
        this.clockMillis = clockMillis;
    }

    /** {@code expiresAtMillis} 0: no expiry of its own (the map's TTL still applies). */
    byte[] encode(String key, byte[] value, long expiresAtMillis) {
        byte[] out = new byte[HEADER + value.length];
        ByteBuffer.wrap(out).putLong(expiresAtMillis);
        byte[] mac = mac(key, expiresAtMillis, value, 0, value.length);
        System.arraycopy(mac, 0, out, 8, 32);
        System.arraycopy(value, 0, out, HEADER, value.length);
        return out;
    }

    /** The value, or {@code null} when the entry is expired; throws {@link Forged} when it does not check. */
    byte[] decode(String key, byte[] stored) throws Forged {
        if (stored == null) {
            return null;
        }
        if (stored.length < HEADER) {
            throw new Forged();
        }
        long expiresAt = ByteBuffer.wrap(stored).getLong();
        byte[] mac = mac(key, expiresAt, stored, HEADER, stored.length - HEADER);
        if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(stored, 8, HEADER))) {
            throw new Forged();
        }
        if (expiresAt != 0 && clockMillis.getAsLong() >= expiresAt) {
            return null;
        }
        return Arrays.copyOfRange(stored, HEADER, stored.length);
    }

    private byte[] mac(String key, long expiresAt, byte[] value, int offset, int length) {
        Mac mac = macs.get();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // length prefixes: no two different (map, key) pairs feed the same bytes
        mac.update(ByteBuffer.allocate(8).putInt(mapName.length).putInt(keyBytes.length).array());
        mac.update(mapName);
        mac.update(keyBytes);
        mac.update(ByteBuffer.allocate(8).putLong(expiresAt).array());
        mac.update(value, offset, length);
        return mac.doFinal();
    }

    /** An entry that was not signed with this cluster's secret for this map and key. */
    static final class Forged extends Exception {

        private static final long serialVersionUID = 1L;

        Forged() {
            super(null, null, false, false);
        }
    }
}
