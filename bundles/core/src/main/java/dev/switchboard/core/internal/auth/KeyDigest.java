package dev.switchboard.core.internal.auth;

import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * The map key a virtual key is stored under: HMAC-SHA256, keyed with the cluster secret, of the key's
 * SHA-256. Keyed, so the key file or the grid alone cannot be used to test guesses offline (an
 * operator-chosen bootstrap key may be guessable); over the SHA-256 rather than the key itself, so the
 * plain SHA-256 hashes older versions stored can be migrated without knowing the keys. Two hashes per
 * request, with a digest and a MAC reused per thread.
 */
final class KeyDigest {

    static final String KEY_PREFIX = "sk-sb-";
    static final String PURPOSE = "switchboard.keys/hash";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    // looking the algorithm up costs more than hashing a key; a digest per thread is reused safely
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });

    private final ThreadLocal<Mac> mac;

    KeyDigest(ClusterSecret secret) {
        this.mac = ThreadLocal.withInitial(() -> secret.newMac(PURPOSE));
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newKeyId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    /** The map key of a presented key. */
    String hash(String secret) {
        return HEX.formatHex(mac.get().doFinal(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8))));
    }

    /** The map key for a plain SHA-256 hash (hex) as older versions stored it. */
    String fromLegacy(String legacyHash) {
        if (!isLegacyHash(legacyHash)) {
            throw new IllegalArgumentException("not a SHA-256 hash in hex");
        }
        return HEX.formatHex(mac.get().doFinal(HEX.parseHex(legacyHash)));
    }

    static boolean isLegacyHash(String hash) {
        return hash != null && hash.length() == 64 && hash.chars().allMatch(c -> (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f'));
    }

    /** What older versions stored: the plain SHA-256; kept for tests and migration only. */
    static String legacyHash(String secret) {
        return HEX.formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
