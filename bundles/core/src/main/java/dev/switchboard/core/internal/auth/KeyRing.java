package dev.switchboard.core.internal.auth;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual keys. The cluster's truth is a grid map (secret hash -> record JSON); each node keeps a
 * local view of it so authenticating is a hash and a map read, with no grid round trip. Changes made
 * anywhere reach the view through {@link #applyRemote}; changes are written through to the key file.
 */
public final class KeyRing implements Authenticator, ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    static final String BOOTSTRAP_KEY_ID = "key_bootstrap";

    private final ConcurrentMap<String, String> shared;
    private final KeyFile file;
    private final Map<String, KeyRecord> view = new ConcurrentHashMap<>();

    public KeyRing(ConcurrentMap<String, String> shared, KeyFile file) {
        this.shared = shared;
        this.file = file;
    }

    /** Fills the grid from the key file when this is the first node up, then builds the local view. */
    public void load() {
        try {
            Map<String, String> stored = file.read();
            // only the first node up seeds the grid: a later node's file may hold keys revoked meanwhile
            if (shared.isEmpty()) {
                stored.forEach(shared::putIfAbsent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file.path(), e);
        }
        shared.forEach(this::applyRemote);
    }

    /**
     * Makes sure an operator can get in: a configured bootstrap key is (re)registered; with none
     * configured and no key at all, a new admin key is generated. Returns the generated secret, to be
     * shown once, or empty.
     */
    public Optional<String> bootstrap(String configuredAdminKey) {
        if (configuredAdminKey != null && !configuredAdminKey.isBlank()) {
            String hash = KeyDigest.hash(configuredAdminKey.trim());
            // a changed bootstrap key replaces the old one (which may be why it was changed)
            for (Map.Entry<String, KeyRecord> entry : Map.copyOf(view).entrySet()) {
                if (entry.getValue().id().equals(BOOTSTRAP_KEY_ID) && !entry.getKey().equals(hash)) {
                    shared.remove(entry.getKey());
                    view.remove(entry.getKey());
                }
            }
            if (!shared.containsKey(hash)) {
                store(hash, new KeyRecord(BOOTSTRAP_KEY_ID, "bootstrap-admin", "default", true,
                        System.currentTimeMillis()));
            }
            return Optional.empty();
        }
        if (!shared.isEmpty()) {
            return Optional.empty();
        }
        String secret = KeyDigest.newSecret();
        String hash = KeyDigest.hash(secret);
        KeyRecord admin = new KeyRecord(KeyDigest.newKeyId(), "admin", "default", true, System.currentTimeMillis());
        if (shared.putIfAbsent(hash, admin.toJson()) != null) {
            return Optional.empty();
        }
        view.put(hash, admin);
        persist();
        return Optional.of(secret);
    }

    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        KeyRecord record = view.get(KeyDigest.hash(presentedKey));
        return record == null ? Optional.empty() : Optional.of(record.caller());
    }

    @Override
    public IssuedKey create(String name, String tenant, boolean admin) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a key needs a name");
        }
        String secret = KeyDigest.newSecret();
        KeyRecord record = new KeyRecord(KeyDigest.newKeyId(), name.trim(),
                tenant == null || tenant.isBlank() ? "default" : tenant.trim(), admin, System.currentTimeMillis());
        store(KeyDigest.hash(secret), record);
        LOG.info("Key '{}' ({}) created for tenant '{}'", record.id(), record.name(), record.tenant());
        return new IssuedKey(record.info(), secret);
    }

    @Override
    public List<KeyInfo> list() {
        return view.values().stream().map(KeyRecord::info)
                .sorted(Comparator.comparingLong(KeyInfo::createdEpochMillis).thenComparing(KeyInfo::id)).toList();
    }

    @Override
    public boolean revoke(String keyId) {
        for (Map.Entry<String, KeyRecord> entry : view.entrySet()) {
            if (entry.getValue().id().equals(keyId)) {
                shared.remove(entry.getKey());
                view.remove(entry.getKey());
                persist();
                LOG.info("Key '{}' revoked", keyId);
                return true;
            }
        }
        return false;
    }

    /** A change seen in the grid, made here or on another node; {@code json} null means removed. */
    public void applyRemote(String hash, String json) {
        if (json == null) {
            view.remove(hash);
            return;
        }
        try {
            view.put(hash, KeyRecord.fromJson(json));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable key record in the grid: {}", e.getMessage());
        }
    }

    private void store(String hash, KeyRecord record) {
        shared.put(hash, record.toJson());
        view.put(hash, record);
        persist();
    }

    /** Synchronized so a later change's copy of the grid is never overwritten by an earlier one. */
    private synchronized void persist() {
        try {
            file.write(new HashMap<>(shared));
        } catch (IOException e) {
            // the grid still has the change; the next successful write catches the file up
            LOG.error("Could not write the key file {}: {}", file.path(), e.getMessage());
        }
    }
}
