package dev.switchboard.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Virtual keys are 256-bit random secrets, so a plain SHA-256 is enough to store them: there is
 * nothing to brute-force, and the hash is cheap enough to compute on every request.
 */
final class KeyDigest {

    static final String KEY_PREFIX = "sk-sb-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyDigest() {
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

    // looking the algorithm up costs more than hashing a key; a digest per thread is reused safely
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    static String hash(String secret) {
        return HEX.formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
