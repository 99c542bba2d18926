package dev.switchboard.core.internal.auth;

import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * Key records as the grid and the key file hold them: {@code s1.<signature>.<record JSON>}, the signature
 * an HMAC-SHA256 under the cluster secret over the map key and the JSON. Anything that can reach the grid
 * can write to it (Hazelcast open source authenticates nobody), so a record only counts when it carries a
 * signature only a holder of the secret can make, bound to the key it is stored under (a valid record
 * moved to another key, e.g. one whose secret the writer knows, does not verify).
 */
public final class SignedRecords {

    static final String PURPOSE = "switchboard.keys/record";
    private static final String VERSION = "s1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final ThreadLocal<Mac> mac;

    SignedRecords(ClusterSecret secret) {
        this(secret, PURPOSE);
    }

    /**
     * Records of another kind (routes, tenants' records): a sub-key of their own, so a signature made for one
     * purpose never verifies for another (a key record never verifies as a route).
     */
    public SignedRecords(ClusterSecret secret, String purpose) {
        this.mac = ThreadLocal.withInitial(() -> secret.newMac(purpose));
    }

    public String sign(String mapKey, String json) {
        return VERSION + B64.encodeToString(signature(mapKey, json)) + '.' + json;
    }

    /** The record's JSON when {@code stored} carries a valid signature for {@code mapKey}, else empty. */
    public Optional<String> verify(String mapKey, String stored) {
        if (mapKey == null || stored == null || !stored.startsWith(VERSION)) {
            return Optional.empty();
        }
        int dot = stored.indexOf('.', VERSION.length());
        if (dot < 0) {
            return Optional.empty();
        }
        byte[] presented;
        try {
            presented = B64_DECODE.decode(stored.substring(VERSION.length(), dot));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String json = stored.substring(dot + 1);
        return MessageDigest.isEqual(presented, signature(mapKey, json)) ? Optional.of(json) : Optional.empty();
    }

    /** What older versions stored: the bare record JSON, no signature. */
    static boolean isLegacy(String stored) {
        return stored != null && stored.startsWith("{");
    }

    private byte[] signature(String mapKey, String json) {
        Mac m = mac.get();
        m.update(mapKey.getBytes(StandardCharsets.UTF_8));
        // a separator no map key contains, so (key, json) pairs cannot be shifted into each other
        m.update((byte) '\n');
        return m.doFinal(json.getBytes(StandardCharsets.UTF_8));
    }
}
