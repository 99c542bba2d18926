package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.Role;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.store.DirectoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants, projects and users the way {@link KeyRing} holds keys: the cluster's truth a grid map of signed
 * records (a user's role grants access, so only what carries the cluster's signature counts), each node's local
 * view of it for reads without a grid round trip, the store written first so a full restart keeps what was
 * acknowledged; each node's store also follows the other nodes' changes (on {@code storeWriter}), so whichever node
 * seeds the grid after a restart of every node holds them all. Map keys: {@code t/<tenant>}, {@code p/<tenant>/<project>}, {@code u/<tenant>/<user>}; ids are
 * slugs, so never contain '/'.
 */
public final class TenantDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);
    static final String PURPOSE = "switchboard.directory/record";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METADATA = 32;

    private final ConcurrentMap<String, String> shared;
    private final DirectoryStore store;
    private final SignedRecords records;
    private final LongSupplier clock;
    private final Executor storeWriter;
    /** Held while the store is written: a copy of another node's change never lands over a newer one of this node. */
    private final Object storeLock = new Object();
    private final Map<String, Row> view = new ConcurrentHashMap<>();
    private final WarningThrottle forgedWarning = new WarningThrottle(1, TimeUnit.MINUTES, System::nanoTime);
    /** Asked before a tenant is removed: whether keys still belong to it. */
    private volatile Predicate<String> tenantHasKeys = tenant -> false;

    /** One entry as the grid holds it (JSON): {@code kind} is {@code tenant}, {@code project} or {@code user}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Row(String kind, String tenant, String id, String name, String role, long createdEpochMillis,
               Map<String, String> metadata) {
        Row {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        String mapKey() {
            return mapKey(kind, tenant, id);
        }

        static String mapKey(String kind, String tenant, String id) {
            return switch (kind) {
                case DirectoryStore.TENANT -> "t/" + id;
                case DirectoryStore.PROJECT -> "p/" + tenant + "/" + id;
                default -> "u/" + tenant + "/" + id;
            };
        }
    }

    public TenantDirectory(ConcurrentMap<String, String> shared, DirectoryStore store, ClusterSecret secret) {
        this(shared, store, secret, System::currentTimeMillis, Runnable::run);
    }

    /** {@code storeWriter} copies the other nodes' changes into this node's store (it may block on the database). */
    public TenantDirectory(ConcurrentMap<String, String> shared, DirectoryStore store, ClusterSecret secret,
                           Executor storeWriter) {
        this(shared, store, secret, System::currentTimeMillis, storeWriter);
    }

    TenantDirectory(ConcurrentMap<String, String> shared, DirectoryStore store, ClusterSecret secret,
                    LongSupplier clock) {
        this(shared, store, secret, clock, Runnable::run);
    }

    TenantDirectory(ConcurrentMap<String, String> shared, DirectoryStore store, ClusterSecret secret,
                    LongSupplier clock, Executor storeWriter) {
        this.storeWriter = storeWriter;
        this.shared = shared;
        this.store = store;
        this.records = new SignedRecords(secret, PURPOSE);
        this.clock = clock;
    }

    void tenantHasKeys(Predicate<String> check) {
        this.tenantHasKeys = check;
    }

    /**
     * The first node up seeds the grid from its store; every node then builds its view from the grid. The
     * default tenant is created when missing, so keys of older versions keep a tenant.
     */
    public void load() {
        Map<String, Row> stored = new LinkedHashMap<>();
        for (DirectoryStore.Entry entry : store.all()) {
            Row row = new Row(entry.kind(), entry.tenant(), entry.id(), entry.name(), entry.role(),
                    entry.createdEpochMillis(), metadata(entry.metadataJson()));
            stored.put(row.mapKey(), row);
        }
        if (shared.isEmpty()) {
            stored.forEach((mapKey, row) -> shared.putIfAbsent(mapKey, records.sign(mapKey, toJson(row))));
        }
        // a node that finds rows there brings its store up to them (what it missed while it was down)
        shared.forEach((mapKey, value) -> apply(mapKey, value, stored::get));
        if (tenant(DEFAULT_TENANT).isEmpty()) {
            write(new Row(DirectoryStore.TENANT, DEFAULT_TENANT, DEFAULT_TENANT, "Default tenant", null,
                    clock.getAsLong(), Map.of()));
        }
    }

    /** A change seen in the grid; {@code stored} null means removed. Unsigned records are not let in. */
    public void applyRemote(String mapKey, String stored) {
        apply(mapKey, stored, key -> null);
    }

    /** As {@link #applyRemote}; {@code inStore}: what this node's store is known to hold (null: not known). */
    private void apply(String mapKey, String stored, Function<String, Row> inStore) {
        if (stored == null) {
            Row gone = view.remove(mapKey);
            if (gone != null) {
                mirrorToStore(mapKey, gone, false);
            }
            return;
        }
        Optional<String> json = records.verify(mapKey, stored);
        if (json.isEmpty()) {
            view.remove(mapKey);
            forgedWarning.warn(LOG, "Ignoring a directory record in the grid with a missing or wrong signature");
            return;
        }
        try {
            Row row = JSON.readValue(json.get(), Row.class);
            if (row.mapKey().equals(mapKey)) {
                Row before = view.put(mapKey, row);
                if (!row.equals(before) && !row.equals(inStore.apply(mapKey))) {
                    mirrorToStore(mapKey, row, true);
                }
            } else {
                view.remove(mapKey);
            }
        } catch (IOException | RuntimeException e) {
            view.remove(mapKey);
            LOG.warn("Ignoring an unreadable directory record in the grid");
        }
    }

    @Override
    public List<Tenant> tenants() {
        return view.values().stream().filter(r -> DirectoryStore.TENANT.equals(r.kind()))
                .sorted(Comparator.comparing(Row::id)).map(TenantDirectory::tenantOf).toList();
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return Optional.ofNullable(view.get(Row.mapKey(DirectoryStore.TENANT, id, id))).map(TenantDirectory::tenantOf);
    }

    @Override
    public Tenant putTenant(String id, String name, Map<String, String> metadata) {
        KeySpecRules.slug("id", id);
        Row existing = view.get(Row.mapKey(DirectoryStore.TENANT, id, id));
        Row row = new Row(DirectoryStore.TENANT, id, id, name(name, id), null,
                existing == null ? clock.getAsLong() : existing.createdEpochMillis(), checked(metadata));
        write(row);
        return tenantOf(row);
    }

    @Override
    public boolean removeTenant(String id) {
        if (DEFAULT_TENANT.equals(id)) {
            throw new IllegalStateException("the default tenant cannot be removed");
        }
        if (tenant(id).isEmpty()) {
            return false;
        }
        if (!projects(id).isEmpty() || !users(id).isEmpty() || tenantHasKeys.test(id)) {
            throw new IllegalStateException("tenant '" + id + "' still has keys, projects or users; remove them first");
        }
        return remove(DirectoryStore.TENANT, id, id);
    }

    @Override
    public List<Project> projects(String tenant) {
        return rows(DirectoryStore.PROJECT, tenant).stream().map(TenantDirectory::projectOf).toList();
    }

    @Override
    public Optional<Project> project(String tenant, String id) {
        return Optional.ofNullable(view.get(Row.mapKey(DirectoryStore.PROJECT, tenant, id)))
                .map(TenantDirectory::projectOf);
    }

    @Override
    public Project putProject(String tenant, String id, String name, Map<String, String> metadata) {
        requireTenant(tenant);
        KeySpecRules.slug("id", id);
        Row existing = view.get(Row.mapKey(DirectoryStore.PROJECT, tenant, id));
        Row row = new Row(DirectoryStore.PROJECT, tenant, id, name(name, id), null,
                existing == null ? clock.getAsLong() : existing.createdEpochMillis(), checked(metadata));
        write(row);
        return projectOf(row);
    }

    @Override
    public boolean removeProject(String tenant, String id) {
        return remove(DirectoryStore.PROJECT, tenant, id);
    }

    @Override
    public List<User> users(String tenant) {
        return rows(DirectoryStore.USER, tenant).stream().map(TenantDirectory::userOf).toList();
    }

    @Override
    public Optional<User> user(String tenant, String id) {
        return Optional.ofNullable(view.get(Row.mapKey(DirectoryStore.USER, tenant, id))).map(TenantDirectory::userOf);
    }

    @Override
    public User putUser(String tenant, String id, String name, Role role, Map<String, String> metadata) {
        requireTenant(tenant);
        KeySpecRules.slug("id", id);
        Row existing = view.get(Row.mapKey(DirectoryStore.USER, tenant, id));
        Row row = new Row(DirectoryStore.USER, tenant, id, name(name, id), (role == null ? Role.APP : role).wireName(),
                existing == null ? clock.getAsLong() : existing.createdEpochMillis(), checked(metadata));
        write(row);
        return userOf(row);
    }

    @Override
    public boolean removeUser(String tenant, String id) {
        return remove(DirectoryStore.USER, tenant, id);
    }

    private void requireTenant(String tenant) {
        if (tenant == null || tenant(tenant).isEmpty()) {
            throw new IllegalArgumentException("tenant: no tenant '" + tenant + "'");
        }
    }

    private List<Row> rows(String kind, String tenant) {
        return view.values().stream().filter(r -> kind.equals(r.kind()) && r.tenant().equals(tenant))
                .sorted(Comparator.comparing(Row::id)).toList();
    }

    /** The store first (durable, or the call fails), then the grid, which tells every node. */
    private void write(Row row) {
        String json = toJson(row);
        synchronized (storeLock) {
            store.put(entry(row));
            shared.put(row.mapKey(), records.sign(row.mapKey(), json));
            view.put(row.mapKey(), row);
        }
    }

    private DirectoryStore.Entry entry(Row row) {
        return new DirectoryStore.Entry(row.kind(), row.tenant(), row.id(), row.name(), row.role(),
                row.createdEpochMillis(), row.metadata().isEmpty() ? null : toJson(row.metadata()));
    }

    /**
     * Copies a change seen in the grid into this node's store, later, on the store writer: only while the view still
     * shows it (a newer change made meanwhile writes its own), under the lock this node's own writes take.
     */
    private void mirrorToStore(String mapKey, Row row, boolean present) {
        try {
            storeWriter.execute(() -> {
                synchronized (storeLock) {
                    Row now = view.get(mapKey);
                    try {
                        if (present && row.equals(now)) {
                            store.put(entry(row));
                        } else if (!present && now == null) {
                            store.remove(row.kind(), row.tenant(), row.id());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Could not copy a directory change from the grid into this node's store: {}",
                                e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the component is stopping: what the grid holds reaches the store at the next start (load)
            LOG.debug("Store writer stopped; not copying a change from the grid");
        }
    }

    private boolean remove(String kind, String tenant, String id) {
        String mapKey = Row.mapKey(kind, tenant, id);
        if (!view.containsKey(mapKey)) {
            return false;
        }
        synchronized (storeLock) {
            store.remove(kind, tenant, id);
            shared.remove(mapKey);
            view.remove(mapKey);
        }
        return true;
    }

    private static String name(String name, String id) {
        String trimmed = name == null || name.isBlank() ? id : name.trim();
        if (trimmed.length() > 256) {
            throw new IllegalArgumentException("name: at most 256 characters");
        }
        return trimmed;
    }

    private static Map<String, String> checked(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA) {
            throw new IllegalArgumentException("metadata: at most " + MAX_METADATA + " entries");
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isEmpty() || entry.getKey().length() > 64
                    || entry.getValue() == null || entry.getValue().length() > 256) {
                throw new IllegalArgumentException("metadata: keys of 1 to 64 characters, string values of at most 256");
            }
        }
        return new LinkedHashMap<>(metadata);
    }

    private static Tenant tenantOf(Row row) {
        return new Tenant(row.id(), row.name(), row.createdEpochMillis(), row.metadata());
    }

    private static Project projectOf(Row row) {
        return new Project(row.tenant(), row.id(), row.name(), row.createdEpochMillis(), row.metadata());
    }

    private static User userOf(Row row) {
        return new User(row.tenant(), row.id(), row.name(), Role.fromWire(row.role() == null ? "app" : row.role()),
                row.createdEpochMillis(), row.metadata());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> metadata(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
