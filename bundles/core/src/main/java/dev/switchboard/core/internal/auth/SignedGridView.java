package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Definitions the cluster must agree on, shared through a grid map: id -> a record signed with the cluster secret
 * ({@link SignedRecords}, a purpose of the kind's own), whose JSON is the definition or, once removed, a tombstone.
 * Anything that reaches the grid can write to it, and these definitions decide who gets through, where a request
 * goes and what it may spend, so only signed records count: an unsigned or forged record, a valid one moved to
 * another id and a bare removal of an entry are ignored. Writes: the store first (the durable truth when one is
 * bound), then the grid, then this node's {@link Book}. An entry listener on every node verifies what others wrote,
 * applies it to its book and copies it into its own store (on {@code storeWriter}, never the grid's event thread),
 * so the request path reads the book alone, never the grid, and a node restarted alone keeps the cluster's
 * definitions. The first node with a store that finds the grid empty loads the stored records into it; one that
 * finds some there brings its store up to them.
 *
 * <p>The JSON is the kind's key fields, then {@code updated_at} and {@code node}, then {@code "removed":true} or the
 * kind's value fields ({@link Codec}).
 *
 * @param <K> what names a definition (its grid id is {@link Codec#id})
 * @param <T> the definition
 */
public final class SignedGridView<K, T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignedGridView.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One kind of definition's JSON fields. A read that throws or returns null makes the record malformed. */
    public interface Codec<K, T> {

        /** The grid map key (and store id) of a definition. */
        String id(K key);

        /** How messages name it (an operator's word for it). */
        String name(K key);

        /** Writes the fields that name the definition. */
        void writeKey(K key, Map<String, Object> fields);

        /** The key the fields name (checked against the map key: a record moved to another id does not count). */
        K readKey(Map<?, ?> fields);

        void writeValue(T value, Map<String, Object> fields);

        T readValue(K key, Map<?, ?> fields);
    }

    /** This node's view of the definitions, read by the request path; told each verified change. */
    @FunctionalInterface
    public interface Book<K, T> {

        /** {@code value} null: removed. */
        void apply(K key, T value);
    }

    /** The durable copy of the signed records: calls block on the database. */
    public interface Store {

        Map<String, String> all();

        void put(String id, String signedRecord, long updatedEpochMillis);

        void remove(String id);

        /** A kind's store ({@code LimitStore}, {@code RouteStore}) by its three methods. */
        static Store of(Supplier<Map<String, String>> all, Put put, Consumer<String> remove) {
            return new Store() {
                @Override
                public Map<String, String> all() {
                    return all.get();
                }

                @Override
                public void put(String id, String signedRecord, long updatedEpochMillis) {
                    put.put(id, signedRecord, updatedEpochMillis);
                }

                @Override
                public void remove(String id) {
                    remove.accept(id);
                }
            };
        }

        /** {@link Store#put} of a kind's store. */
        @FunctionalInterface
        interface Put {
            void put(String id, String signedRecord, long updatedEpochMillis);
        }
    }

    private record Decoded<K, T>(K key, T value, long updatedAt, String node) {
    }

    private final IMap<String, String> map;
    private final SignedRecords records;
    private final Codec<K, T> codec;
    private final Book<K, T> book;
    private final Supplier<Store> store;
    private final Executor storeWriter;
    private final LongSupplier wallClock;
    private final String kind;
    private final String node;
    private final UUID listenerId;
    /** Per id, the newest {@code updated_at} applied to the book: a late event of an older change is dropped. */
    private final Map<String, Long> applied = new HashMap<>();
    /** Per id, the newest {@code updated_at} written to the store (a removal too, which leaves no row behind). */
    private final Map<String, Long> stored = new HashMap<>();

    /**
     * Listens to {@code mapName}, applies what it holds to {@code book}, and reconciles it with the store when one is
     * bound. {@code kind} names a definition in logs ({@code route}, {@code limit}).
     */
    public SignedGridView(HazelcastInstance hazelcast, String mapName, String kind, SignedRecords records,
                          Codec<K, T> codec, Book<K, T> book, Supplier<Store> store, Executor storeWriter,
                          LongSupplier wallClock) {
        this.map = hazelcast.getMap(mapName);
        this.kind = kind;
        this.records = records;
        this.codec = codec;
        this.book = book;
        this.store = store;
        this.storeWriter = storeWriter;
        this.wallClock = wallClock;
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.listenerId = map.addEntryListener(new Listener(), true);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            receive(entry.getKey(), entry.getValue(), false);
        }
        Store bound = store.get();
        if (bound != null) {
            storeBound(bound);
        }
    }

    /** A store arrived: seed an empty grid from it, or bring it up to the definitions the grid holds. */
    public void storeBound(Store bound) {
        try {
            if (map.isEmpty()) {
                bound.all().forEach((id, record) -> {
                    if (decode(id, record).isPresent()) {
                        map.putIfAbsent(id, record);
                        receive(id, record, false);
                    } else {
                        LOG.warn("Ignored the stored {} '{}': its record is not signed by this cluster", kind, id);
                    }
                });
            } else {
                for (Map.Entry<String, String> entry : map.entrySet()) {
                    persist(bound, entry.getKey(), entry.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not reconcile the stored {}s with the grid: {}", kind, e.toString());
        }
    }

    /** Sets a definition on every node; {@link IllegalStateException} when the store fails (nothing changed). */
    public void set(K key, T value) {
        write(key, value);
    }

    /** Removes a definition on every node (a signed tombstone, so no unsigned removal can do it). */
    public void remove(K key) {
        write(key, null);
    }

    private void write(K key, T value) {
        String id = codec.id(key);
        // never older than what this node has seen of the id, so a change always wins over the one it follows,
        // even when another node's clock is ahead
        long at = Math.max(wallClock.getAsLong(), newestApplied(id) + 1);
        String record = records.sign(id, json(key, value, at));
        Store bound = store.get();
        if (bound != null) {
            try {
                persist(bound, id, record);
            } catch (RuntimeException e) {
                throw new IllegalStateException("The store could not save " + kind + " '" + codec.name(key) + "': "
                        + e.getMessage(), e);
            }
        }
        map.set(id, record);
        apply(id, key, value, at);
    }

    private long newestApplied(String id) {
        synchronized (applied) {
            return applied.getOrDefault(id, Long.MIN_VALUE + 1);
        }
    }

    /** Applies a change to the book unless a newer one of the same id already was; false when it was older. */
    private boolean apply(String id, K key, T value, long updatedAt) {
        synchronized (applied) {
            Long newest = applied.get(id);
            if (newest != null && newest > updatedAt) {
                return false;
            }
            applied.put(id, updatedAt);
            book.apply(key, value);
            return true;
        }
    }

    /**
     * The grid's record of a definition, written to a store: the definition, or its removal. Only when it is not
     * older than what the store already got for the id: another node's change is copied on {@code storeWriter}
     * after the event, and must not bring back what this node has changed or removed since.
     */
    private void persist(Store bound, String id, String record) {
        Optional<Decoded<K, T>> decoded = decode(id, record);
        if (decoded.isEmpty()) {
            return;
        }
        long updatedAt = decoded.get().updatedAt();
        synchronized (stored) {
            Long newest = stored.get(id);
            if (newest != null && newest > updatedAt) {
                return;
            }
            if (decoded.get().value() == null) {
                bound.remove(id);
            } else {
                bound.put(id, record, updatedAt);
            }
            stored.put(id, updatedAt);
        }
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            LOG.debug("Grid gone before the {} listener was removed", kind, e);
        }
    }

    void receive(String id, String record, boolean fromEvent) {
        Optional<Decoded<K, T>> decoded = decode(id, record);
        if (decoded.isEmpty()) {
            LOG.warn("Ignored an unsigned, forged or malformed {} record for '{}' in the grid", kind, id);
            return;
        }
        if (!apply(id, decoded.get().key(), decoded.get().value(), decoded.get().updatedAt())) {
            return; // an older change than one this node already applied
        }
        Store bound = store.get();
        if (fromEvent && bound != null && !node.equals(decoded.get().node())) {
            // another node's change: keep this node's store in step, off the grid's event thread
            storeWriter.execute(() -> {
                try {
                    persist(bound, id, record);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store {} '{}' learnt from the grid: {}", kind, id, e.toString());
                }
            });
        }
    }

    private Optional<Decoded<K, T>> decode(String id, String record) {
        if (id == null || record == null) {
            return Optional.empty();
        }
        Optional<String> json = records.verify(id, record);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<?, ?> fields = JSON.readValue(json.get(), Map.class);
            K key = codec.readKey(fields);
            if (key == null || !id.equals(codec.id(key))) {
                return Optional.empty();
            }
            long updatedAt = ((Number) fields.get("updated_at")).longValue();
            String from = String.valueOf(fields.get("node"));
            if (Boolean.TRUE.equals(fields.get("removed"))) {
                return Optional.of(new Decoded<>(key, null, updatedAt, from));
            }
            T value = codec.readValue(key, fields);
            return value == null ? Optional.empty() : Optional.of(new Decoded<>(key, value, updatedAt, from));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String json(K key, T value, long updatedAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        codec.writeKey(key, fields);
        fields.put("updated_at", updatedAt);
        fields.put("node", node);
        if (value == null) {
            fields.put("removed", true);
        } else {
            codec.writeValue(value, fields);
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            receive(event.getKey(), event.getValue(), true);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            receive(event.getKey(), event.getValue(), true);
        }
    }
}
