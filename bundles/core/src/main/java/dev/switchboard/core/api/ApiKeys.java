package dev.switchboard.core.api;

import java.util.List;

/** Virtual keys: create (the plaintext is returned once and only stored hashed), list, revoke. */
public interface ApiKeys {

    IssuedKey create(String name, String tenant, boolean admin);

    List<KeyInfo> list();

    boolean revoke(String keyId);

    /** A new key: {@code secret} is shown to the operator once and never again. */
    record IssuedKey(KeyInfo info, String secret) {
    }

    record KeyInfo(String id, String name, String tenant, boolean admin, long createdEpochMillis) {
    }
}
