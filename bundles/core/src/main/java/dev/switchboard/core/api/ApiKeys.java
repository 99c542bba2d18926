package dev.switchboard.core.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual keys: create (the secret is returned once and only stored hashed), rotate, list, get, revoke. These
 * do not check permissions: the REST API and the shell ask {@link Permissions} first.
 */
public interface ApiKeys {

    /** A new key as {@code spec} describes it; an {@link IllegalArgumentException} for an invalid spec. */
    IssuedKey create(KeySpec spec);

    default IssuedKey create(String name, String tenant, boolean admin) {
        return create(KeySpec.of(name, tenant, admin ? Role.ADMIN : Role.APP));
    }

    /**
     * A new secret for the key {@code keyId} (same id, same settings); the old secret keeps working for
     * {@code overlap} (zero: it stops at once), then is refused. Empty when there is no such key.
     */
    Optional<IssuedKey> rotate(String keyId, Duration overlap);

    List<KeyInfo> list();

    Optional<KeyInfo> get(String keyId);

    /** Revokes every secret of the key, on every node; false when there was none. */
    boolean revoke(String keyId);

    /**
     * A new key: {@code secret} is shown to the operator once and never again, so {@link #toString()} (what a log
     * line or an exception message would print) leaves it out.
     */
    record IssuedKey(KeyInfo info, String secret) {

        @Override
        public String toString() {
            return "IssuedKey[info=" + info + ", secret=<redacted>]";
        }
    }

    /**
     * What a key is: {@code expiresEpochMillis} 0 for never; {@code allowedModels} empty for every model.
     * {@code project} and {@code user} may be null.
     */
    record KeySpec(String name, String tenant, String project, String user, Role role, long expiresEpochMillis,
                   List<String> allowedModels, Map<String, String> metadata, List<String> tags, CacheMode cache) {

        public KeySpec {
            allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            tags = tags == null ? List.of() : List.copyOf(tags);
            cache = cache == null ? CacheMode.DEFAULT : cache;
            role = role == null ? Role.APP : role;
        }

        public static KeySpec of(String name, String tenant, Role role) {
            return new KeySpec(name, tenant, null, null, role, 0, List.of(), Map.of(), List.of(), CacheMode.DEFAULT);
        }
    }

    /**
     * A key without its secret. {@code previousSecretExpiresEpochMillis}: while a rotation's overlap runs, when the
     * old secret stops working; 0 otherwise.
     */
    record KeyInfo(String id, String name, String tenant, String project, String user, Role role,
                   long createdEpochMillis, long expiresEpochMillis, List<String> allowedModels,
                   Map<String, String> metadata, List<String> tags, CacheMode cache,
                   long previousSecretExpiresEpochMillis) {

        /** A key with no settings beyond its role, as versions before roles described one. */
        public KeyInfo(String id, String name, String tenant, boolean admin, long createdEpochMillis) {
            this(id, name, tenant, null, null, admin ? Role.ADMIN : Role.APP, createdEpochMillis, 0, List.of(), Map.of(),
                    List.of(), CacheMode.DEFAULT, 0);
        }

        public boolean admin() {
            return role == Role.ADMIN;
        }
    }
}
