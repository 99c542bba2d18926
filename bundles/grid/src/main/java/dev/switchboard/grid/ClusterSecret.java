package dev.switchboard.grid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-install secret every node of one cluster shares. Hazelcast open source authenticates neither
 * members nor what they write, so whatever in the grid grants access or money is keyed or signed with
 * this: a member that does not hold the secret can write to the grid but cannot make a record we accept.
 * The secret itself never leaves this object; users get a MAC keyed with a sub-key derived for their
 * purpose, so a signature made for one use can never pass as another.
 */
public final class ClusterSecret {

    static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a cluster secret needs at least 128 bits");
        }
        this.key = key.clone();
    }

    public static ClusterSecret of(byte[] key) {
        return new ClusterSecret(key);
    }

    /**
     * A new HMAC-SHA256 keyed with {@code HMAC(secret, purpose)}. A {@link Mac} is not thread safe and
     * costs a few microseconds to make: keep one per thread on hot paths.
     */
    public Mac newMac(String purpose) {
        try {
            Mac root = Mac.getInstance(ALGORITHM);
            root.init(new SecretKeySpec(key, ALGORITHM));
            byte[] subKey = root.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(subKey, ALGORITHM));
            Arrays.fill(subKey, (byte) 0);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
