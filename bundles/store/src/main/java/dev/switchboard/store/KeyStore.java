package dev.switchboard.store;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable truth of the virtual keys: per keyed hash, the signed record core wrote (never a secret).
 * Revoked keys keep their row, marked revoked, so a restarted node cannot bring them back. Calls block on the
 * database: they are made by key administration, never on the request path.
 */
@ProviderType
public interface KeyStore {

    /** The signed records of every key not revoked, by keyed hash. */
    Map<String, String> active();

    /** Stores (or replaces) a key's signed record, active (a configured bootstrap key comes back this way). */
    void put(String keyedHash, String keyId, String signedRecord, long createdEpochMillis);

    /**
     * Stores the key only when the store has no row under this hash, revoked or not (importing an old key
     * file must not bring back a key revoked since); false when it had one.
     */
    boolean add(String keyedHash, String keyId, String signedRecord, long createdEpochMillis);

    /** Marks the key under this hash revoked; false when there was no such active key. */
    boolean revoke(String keyedHash);
}
