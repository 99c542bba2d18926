package dev.switchboard.core.internal.auth;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.grid.ClusterSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual keys. The cluster's truth is a grid map (keyed hash of the secret -> signed record); each
 * node keeps a local view of it so authenticating is two hashes and a map read, with no grid round trip.
 * Changes made anywhere reach the view through {@link #applyRemote}; changes are written through to the
 * key file. Only records signed with the cluster secret enter the view: the grid accepts writes from
 * anything that reaches it.
 */
public final class KeyRing implements Authenticator, ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    static final String BOOTSTRAP_KEY_ID = "key_bootstrap";

    private final ConcurrentMap<String, String> shared;
    private final KeyFile file;
    private final KeyDigest digest;
    private final SignedRecords records;
    private final Map<String, KeyRecord> view = new ConcurrentHashMap<>();
    private final WarningThrottle forgedWarning = new WarningThrottle(1, TimeUnit.MINUTES, System::nanoTime);

    public KeyRing(ConcurrentMap<String, String> shared, KeyFile file, ClusterSecret secret) {
        this.shared = shared;
        this.file = file;
        this.digest = new KeyDigest(secret);
        this.records = new SignedRecords(secret);
    }

    /**
     * Fills the grid from the key file when this is the first node up, then builds the local view. Entries
     * an older version wrote (plain SHA-256, unsigned) are rewritten keyed and signed, in the file and,
     * where the grid holds the very same entry, in the grid.
     */
    public void load() {
        Map<String, String> stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file.path(), e);
        }
        Map<String, String> current = new LinkedHashMap<>();
        Map<String, String> legacy = new LinkedHashMap<>();
        stored.forEach((hash, value) -> {
            if (SignedRecords.isLegacy(value) && KeyDigest.isLegacyHash(hash)) {
                legacy.put(hash, value);
            } else if (records.verify(hash, value).isPresent()) {
                current.put(hash, value);
            } else {
                forgedWarning.warn(LOG, "Ignoring a key record in the key file without a valid signature"
                        + " (written under another cluster secret?)");
            }
        });
        Map<String, String> migrated = new LinkedHashMap<>();
        legacy.forEach((hash, value) -> migrate(hash, value).ifPresent(signed -> migrated.put(hash, signed)));

        // only the first node up seeds the grid: a later node's file may hold keys revoked meanwhile
        if (shared.isEmpty()) {
            current.forEach(shared::putIfAbsent);
            migrated.forEach((oldHash, signed) -> shared.putIfAbsent(digest.fromLegacy(oldHash), signed));
        } else {
            // the grid still holds what an older node put there: replace what this node's own file vouches for
            migrated.forEach((oldHash, signed) -> {
                if (shared.remove(oldHash, legacy.get(oldHash))) {
                    shared.putIfAbsent(digest.fromLegacy(oldHash), signed);
                }
            });
        }
        shared.forEach(this::applyRemote);
        if (!legacy.isEmpty()) {
            LOG.info("Rewrote {} key record(s) of an older version keyed and signed", migrated.size());
            persist();
        }
    }

    private Optional<String> migrate(String oldHash, String json) {
        try {
            String normalized = KeyRecord.fromJson(json).toJson();
            return Optional.of(records.sign(digest.fromLegacy(oldHash), normalized));
        } catch (RuntimeException e) {
            LOG.warn("Dropping an unreadable key record of an older version from the key file");
            return Optional.empty();
        }
    }

    /**
     * Makes sure an operator can get in: a configured bootstrap key is (re)registered; with none
     * configured and no key at all, a new admin key is generated. Returns the generated secret, to be
     * shown once, or empty.
     */
    public Optional<String> bootstrap(String configuredAdminKey) {
        if (configuredAdminKey != null && !configuredAdminKey.isBlank()) {
            String hash = digest.hash(configuredAdminKey.trim());
            // a changed bootstrap key replaces the old one (which may be why it was changed)
            for (Map.Entry<String, KeyRecord> entry : Map.copyOf(view).entrySet()) {
                if (entry.getValue().id().equals(BOOTSTRAP_KEY_ID) && !entry.getKey().equals(hash)) {
                    shared.remove(entry.getKey());
                    view.remove(entry.getKey());
                }
            }
            if (!view.containsKey(hash)) {
                store(hash, new KeyRecord(BOOTSTRAP_KEY_ID, "bootstrap-admin", "default", true,
                        System.currentTimeMillis()));
            }
            return Optional.empty();
        }
        if (!view.isEmpty()) {
            return Optional.empty();
        }
        String secret = KeyDigest.newSecret();
        String hash = digest.hash(secret);
        KeyRecord admin = new KeyRecord(KeyDigest.newKeyId(), "admin", "default", true, System.currentTimeMillis());
        // another node starting at the same moment may have generated one first: then theirs is the one
        if (shared.entrySet().stream().anyMatch(e -> records.verify(e.getKey(), e.getValue()).isPresent())) {
            return Optional.empty();
        }
        if (shared.putIfAbsent(hash, records.sign(hash, admin.toJson())) != null) {
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
        KeyRecord record = view.get(digest.hash(presentedKey));
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
        store(digest.hash(secret), record);
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

    /**
     * A change seen in the grid, made here or on another node; {@code stored} null means removed. A record
     * without a valid signature is not a key: it leaves the view (it may replace a valid one) and is logged,
     * at most once a minute, without anything from the record.
     */
    public void applyRemote(String hash, String stored) {
        if (stored == null) {
            view.remove(hash);
            return;
        }
        Optional<String> json = records.verify(hash, stored);
        if (json.isEmpty()) {
            view.remove(hash);
            forgedWarning.warn(LOG, "Ignoring a key record in the grid with a missing or wrong signature: written"
                    + " by a node with another cluster secret, or forged by something that reached the grid's port");
            return;
        }
        try {
            view.put(hash, KeyRecord.fromJson(json.get()));
        } catch (RuntimeException e) {
            view.remove(hash);
            LOG.warn("Ignoring an unreadable key record in the grid");
        }
    }

    private void store(String hash, KeyRecord record) {
        shared.put(hash, records.sign(hash, record.toJson()));
        view.put(hash, record);
        persist();
    }

    /**
     * Synchronized so a later change's copy of the grid is never overwritten by an earlier one. Only what
     * verifies is written: the file is what a restarted cluster trusts.
     */
    private synchronized void persist() {
        Map<String, String> verified = new HashMap<>();
        shared.forEach((hash, stored) -> {
            if (records.verify(hash, stored).isPresent()) {
                verified.put(hash, stored);
            }
        });
        try {
            file.write(verified);
        } catch (IOException e) {
            // the grid still has the change; the next successful write catches the file up
            LOG.error("Could not write the key file {}: {}", file.path(), e.getMessage());
        }
    }
}
