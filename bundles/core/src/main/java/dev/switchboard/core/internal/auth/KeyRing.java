package dev.switchboard.core.internal.auth;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.store.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual keys. The cluster's truth is a grid map (keyed hash of the secret -> signed record); each
 * node keeps a local view of it so authenticating is two hashes and a map read, with no grid round trip.
 * Changes made anywhere reach the view through {@link #applyRemote}. The store is the durable truth: every
 * creation and revocation is written to it first, then to the grid, so a full restart keeps what was
 * acknowledged. Each node's store also follows what the other nodes change (written on {@code storeWriter}, never
 * on the grid's event thread): with a store per node (embedded H2), whichever node seeds the grid after a restart
 * of every node holds every key and every revocation. Only records signed with the cluster secret enter the view:
 * the grid accepts writes from anything that reaches it.
 */
public final class KeyRing implements Authenticator, ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    static final String BOOTSTRAP_KEY_ID = "key_bootstrap";
    /** The store's record column holds 8192 characters; the signature and its prefix take under 60. */
    static final int MAX_RECORD_CHARS = 8000;

    private final ConcurrentMap<String, String> shared;
    private final KeyStore store;
    private final KeyFile legacyFile;
    private final KeyDigest digest;
    private final SignedRecords records;
    private final Map<String, Held> view = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Executor storeWriter;
    /** Held while the store is written: a copy of another node's change never lands over a newer one of this node. */
    private final Object storeLock = new Object();

    /** A key in the node's view with its caller built once, so authenticating allocates nothing. */
    private record Held(KeyRecord record, Optional<Caller> caller) {
        Held(KeyRecord record) {
            this(record, Optional.of(record.caller()));
        }
    }
    private final WarningThrottle forgedWarning = new WarningThrottle(1, TimeUnit.MINUTES, System::nanoTime);

    /** {@code legacyFile} is the key file of versions before the store: imported once, then renamed. */
    public KeyRing(ConcurrentMap<String, String> shared, KeyStore store, KeyFile legacyFile, ClusterSecret secret) {
        this(shared, store, legacyFile, secret, Runnable::run);
    }

    /** {@code storeWriter} copies the other nodes' changes into this node's store (it may block on the database). */
    public KeyRing(ConcurrentMap<String, String> shared, KeyStore store, KeyFile legacyFile, ClusterSecret secret,
                   Executor storeWriter) {
        this(shared, store, legacyFile, secret, System::currentTimeMillis, storeWriter);
    }

    KeyRing(ConcurrentMap<String, String> shared, KeyStore store, KeyFile legacyFile, ClusterSecret secret,
            LongSupplier clock) {
        this(shared, store, legacyFile, secret, clock, Runnable::run);
    }

    KeyRing(ConcurrentMap<String, String> shared, KeyStore store, KeyFile legacyFile, ClusterSecret secret,
            LongSupplier clock, Executor storeWriter) {
        this.clock = clock;
        this.storeWriter = storeWriter;
        this.shared = shared;
        this.store = store;
        this.legacyFile = legacyFile;
        this.digest = new KeyDigest(secret);
        this.records = new SignedRecords(secret);
    }

    /**
     * Imports the key file of an older version into the store (once: the file is then renamed), fills the
     * grid from the store when this is the first node up, then builds the local view. Entries an older version
     * wrote (plain SHA-256, unsigned) are rewritten keyed and signed and, where the grid holds the very same
     * entry, replaced there too.
     */
    public void load() {
        Map<String, String> legacy = new LinkedHashMap<>();
        Map<String, String> migrated = new LinkedHashMap<>();
        importKeyFile(legacy, migrated);

        Map<String, String> current = new LinkedHashMap<>();
        Map<String, String> active = store.active();
        active.forEach((hash, value) -> {
            if (records.verify(hash, value).isPresent()) {
                current.put(hash, value);
            } else {
                forgedWarning.warn(LOG, "Ignoring a key record in the store without a valid signature"
                        + " (written under another cluster secret?)");
            }
        });

        // only the first node up seeds the grid: with a per-node store, a later node's may miss revocations
        if (shared.isEmpty()) {
            current.forEach(shared::putIfAbsent);
        } else {
            // the grid still holds what an older node put there: replace what this node's own file vouched for
            migrated.forEach((oldHash, signed) -> {
                if (shared.remove(oldHash, legacy.get(oldHash))) {
                    shared.putIfAbsent(digest.fromLegacy(oldHash), signed);
                }
            });
        }
        // a node that finds keys there brings its store up to them (what it missed while it was down)
        shared.forEach((hash, value) -> apply(hash, value, !value.equals(active.get(hash))));
    }

    /**
     * Moves the old key file's verified entries into the store (never over a row the store has, revoked or
     * not) and renames it {@code keys.json.migrated}; fills {@code legacy} and {@code migrated} (old hash ->
     * signed record) with the plain-SHA-256 entries of still older versions.
     */
    private void importKeyFile(Map<String, String> legacy, Map<String, String> migrated) {
        if (legacyFile == null || !legacyFile.exists()) {
            return;
        }
        Map<String, String> stored;
        try {
            stored = legacyFile.read();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + legacyFile.path(), e);
        }
        int imported = 0;
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            String hash = entry.getKey();
            String value = entry.getValue();
            if (SignedRecords.isLegacy(value) && KeyDigest.isLegacyHash(hash)) {
                legacy.put(hash, value);
                Optional<String> signed = migrate(hash, value);
                if (signed.isPresent()) {
                    migrated.put(hash, signed.get());
                    imported += add(digest.fromLegacy(hash), signed.get());
                }
                continue;
            }
            if (records.verify(hash, value).isPresent()) {
                imported += add(hash, value);
            } else {
                forgedWarning.warn(LOG, "Ignoring a key record in the key file without a valid signature"
                        + " (written under another cluster secret?)");
            }
        }
        try {
            Path renamed = legacyFile.retire();
            LOG.info("Imported {} key(s) from {} into the store; the file is now {}", imported, legacyFile.path(),
                    renamed.getFileName());
        } catch (IOException e) {
            // importing again on the next start is harmless: add() never brings back a revoked key
            LOG.error("Imported the key file into the store but could not rename it: {}", e.getMessage());
        }
    }

    private int add(String hash, String signed) {
        KeyRecord record = KeyRecord.fromJson(records.verify(hash, signed).orElseThrow());
        return store.add(hash, record.id(), signed, record.createdEpochMillis()) ? 1 : 0;
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
            for (Map.Entry<String, Held> entry : Map.copyOf(view).entrySet()) {
                if (entry.getValue().record().id().equals(BOOTSTRAP_KEY_ID) && !entry.getKey().equals(hash)) {
                    revokeHash(entry.getKey());
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
        String signed = records.sign(hash, admin.toJson());
        if (shared.putIfAbsent(hash, signed) != null) {
            return Optional.empty();
        }
        synchronized (storeLock) {
            try {
                store.put(hash, admin.id(), signed, admin.createdEpochMillis());
            } catch (RuntimeException e) {
                // not durable, so not shown: an admin key that a restart would lose is worse than none
                shared.remove(hash, signed);
                throw e;
            }
            view.put(hash, new Held(admin));
        }
        return Optional.of(secret);
    }

    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        Held held = view.get(digest.hash(presentedKey));
        if (held == null || held.record().expiredAt(clock.getAsLong())) {
            return Optional.empty();
        }
        return held.caller();
    }

    @Override
    public IssuedKey create(KeySpec spec) {
        long now = clock.getAsLong();
        KeySpec checked = KeySpecRules.checked(spec, now);
        String secret = KeyDigest.newSecret();
        KeyRecord record = KeyRecord.of(KeyDigest.newKeyId(), checked, now);
        String json = record.toJson();
        if (json.length() > MAX_RECORD_CHARS) {
            throw new IllegalArgumentException("the key's settings are too large (" + json.length()
                    + " characters of JSON, at most " + MAX_RECORD_CHARS + ")");
        }
        store(digest.hash(secret), record);
        LOG.info("Key '{}' ({}) created for tenant '{}' with role {}", record.id(), record.name(), record.tenant(),
                record.resolvedRole().wireName());
        return new IssuedKey(record.info(0), secret);
    }

    @Override
    public Optional<IssuedKey> rotate(String keyId, Duration overlap) {
        if (overlap == null || overlap.isNegative()) {
            throw new IllegalArgumentException("overlap: zero or more seconds");
        }
        Map.Entry<String, Held> current = currentEntry(keyId);
        if (current == null) {
            return Optional.empty();
        }
        KeyRecord old = current.getValue().record();
        long now = clock.getAsLong();
        // secrets of earlier rotations whose overlap has ended: refused already, now gone from grid and store too
        for (Map.Entry<String, Held> entry : Map.copyOf(view).entrySet()) {
            KeyRecord record = entry.getValue().record();
            if (record.id().equals(keyId) && record.previous() && record.expiredAt(now)) {
                revokeHash(entry.getKey());
            }
        }
        String secret = KeyDigest.newSecret();
        KeyRecord renewed = old.current();
        // the new secret first: a failure after it leaves the old one working, never the key without a secret
        store(digest.hash(secret), renewed);
        long until = now + overlap.toMillis();
        if (overlap.isZero()) {
            revokeHash(current.getKey());
        } else {
            store(current.getKey(), old.previousUntil(until));
        }
        LOG.info("Key '{}' rotated; the previous secret works for {} s more", keyId, overlap.toSeconds());
        return Optional.of(new IssuedKey(renewed.info(overlap.isZero() ? 0 : until), secret));
    }

    @Override
    public List<KeyInfo> list() {
        long now = clock.getAsLong();
        Map<String, Long> previousUntil = previousSecrets(now);
        return view.values().stream().map(Held::record).filter(r -> !r.previous())
                .map(r -> r.info(previousUntil.getOrDefault(r.id(), 0L)))
                .sorted(Comparator.comparingLong(KeyInfo::createdEpochMillis).thenComparing(KeyInfo::id)).toList();
    }

    @Override
    public Optional<KeyInfo> get(String keyId) {
        Map.Entry<String, Held> current = currentEntry(keyId);
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(current.getValue().record().info(previousSecrets(clock.getAsLong()).getOrDefault(keyId, 0L)));
    }

    @Override
    public boolean revoke(String keyId) {
        boolean revoked = false;
        for (Map.Entry<String, Held> entry : Map.copyOf(view).entrySet()) {
            if (entry.getValue().record().id().equals(keyId)) {
                revokeHash(entry.getKey());
                revoked = true;
            }
        }
        if (revoked) {
            LOG.info("Key '{}' revoked", keyId);
        }
        return revoked;
    }

    /** The store first: a revocation acknowledged must survive a full restart; then the grid tells every node. */
    private void revokeHash(String hash) {
        synchronized (storeLock) {
            store.revoke(hash);
            shared.remove(hash);
            view.remove(hash);
        }
    }

    private Map.Entry<String, Held> currentEntry(String keyId) {
        for (Map.Entry<String, Held> entry : view.entrySet()) {
            KeyRecord record = entry.getValue().record();
            if (record.id().equals(keyId) && !record.previous()) {
                return entry;
            }
        }
        return null;
    }

    /** Key id -> when its rotated-out secret stops, for those still working. */
    private Map<String, Long> previousSecrets(long now) {
        Map<String, Long> until = new java.util.HashMap<>();
        for (Held held : view.values()) {
            KeyRecord record = held.record();
            if (record.previous() && !record.expiredAt(now)) {
                until.merge(record.id(), record.expiresEpochMillis(), Math::max);
            }
        }
        return until;
    }

    /**
     * A change seen in the grid, made here or on another node; {@code stored} null means removed. A record
     * without a valid signature is not a key: it leaves the view (it may replace a valid one) and is logged,
     * at most once a minute, without anything from the record.
     */
    public void applyRemote(String hash, String stored) {
        apply(hash, stored, true);
    }

    /** As {@link #applyRemote}; {@code mirror}: whether this node's store may lack the change. */
    private void apply(String hash, String stored, boolean mirror) {
        if (stored == null) {
            if (view.remove(hash) != null && mirror) {
                // revoked (or a rotation's old secret dropped) on another node: so in this node's store too
                mirrorToStore(hash, null, null);
            }
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
            KeyRecord record = KeyRecord.fromJson(json.get());
            Held before = view.put(hash, new Held(record));
            if (mirror && (before == null || !before.record().equals(record))) {
                mirrorToStore(hash, stored, record);
            }
        } catch (RuntimeException e) {
            view.remove(hash);
            LOG.warn("Ignoring an unreadable key record in the grid");
        }
    }

    /** The store first (durable, or the call fails), then the grid, which tells every node. */
    private void store(String hash, KeyRecord record) {
        String signed = records.sign(hash, record.toJson());
        synchronized (storeLock) {
            store.put(hash, record.id(), signed, record.createdEpochMillis());
            shared.put(hash, signed);
            view.put(hash, new Held(record));
        }
    }

    /**
     * Copies a change seen in the grid into this node's store, later, on the store writer: only while the view still
     * holds it (a newer change made meanwhile, here or elsewhere, has written or will write its own), under the
     * lock this node's own writes take. {@code record} null: the key is gone.
     */
    private void mirrorToStore(String hash, String signed, KeyRecord record) {
        try {
            storeWriter.execute(() -> {
                synchronized (storeLock) {
                    Held now = view.get(hash);
                    try {
                        if (record == null && now == null) {
                            store.revoke(hash);
                        } else if (record != null && now != null && now.record().equals(record)) {
                            store.put(hash, record.id(), signed, record.createdEpochMillis());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Could not copy a key change from the grid into this node's store: {}",
                                e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the component is stopping: what the grid holds reaches the store at the next start (load)
            LOG.debug("Store writer stopped; not copying a change from the grid");
        }
    }
}
