package dev.switchboard.core.internal.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.store.LimitStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the limit and budget definitions written through the admin API through the grid map {@value #MAP}:
 * {@code <strategy>/<name>} -> a record signed with the cluster secret ({@link SignedRecords}, purpose
 * {@value #PURPOSE}: no key, route or directory record verifies as a limit), whose JSON is the definition or, once
 * removed, a tombstone. Anything that reaches the grid can write to it, and a limit decides who gets through and
 * what they may spend, so only signed records count. Writes: the store first (the durable truth when one is bound),
 * then the grid, then this node's {@link LimitBook}. An entry listener on every node verifies what others wrote,
 * applies it to its book (the strategies get their new list at once) and copies it into its own store, so the
 * request path never reads the grid and a node restarted alone keeps the cluster's limits. The first node with a
 * store that finds the grid empty loads the stored definitions into it; one that finds some there brings its store
 * up to them. The same shape as the routes' ({@code GridRoutes}).
 */
final class GridLimits implements AutoCloseable {

    static final String MAP = "switchboard.limits";
    static final String PURPOSE = "switchboard.limits/record";
    private static final Logger LOG = LoggerFactory.getLogger(GridLimits.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IMap<String, String> map;
    private final SignedRecords records;
    private final LimitBook book;
    private final Supplier<LimitStore> store;
    private final Executor storeWriter;
    private final LongSupplier wallClock;
    private final String node;
    private final UUID listenerId;

    GridLimits(HazelcastInstance hazelcast, SignedRecords records, LimitBook book, Supplier<LimitStore> store,
               Executor storeWriter, LongSupplier wallClock) {
        this.map = hazelcast.getMap(MAP);
        this.records = records;
        this.book = book;
        this.store = store;
        this.storeWriter = storeWriter;
        this.wallClock = wallClock;
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.listenerId = map.addEntryListener(new Listener(), true);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            receive(entry.getKey(), entry.getValue(), false);
        }
        LimitStore bound = store.get();
        if (bound != null) {
            storeBound(bound);
        }
    }

    static String id(String strategy, String name) {
        return strategy + '/' + name;
    }

    /** A store arrived: seed an empty grid from it, or bring it up to the definitions the grid holds. */
    void storeBound(LimitStore bound) {
        try {
            if (map.isEmpty()) {
                bound.limits().forEach((id, record) -> {
                    if (decode(id, record).isPresent()) {
                        map.putIfAbsent(id, record);
                        receive(id, record, false);
                    } else {
                        LOG.warn("Ignored the stored limit '{}': its record is not signed by this cluster", id);
                    }
                });
            } else {
                for (Map.Entry<String, String> entry : map.entrySet()) {
                    persist(bound, entry.getKey(), entry.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not reconcile the stored limits with the grid: {}", e.toString());
        }
    }

    /** Defines a limit on every node; {@link IllegalStateException} when the store fails (nothing changed). */
    void set(String strategy, String name, String definition) {
        write(strategy, name, definition);
    }

    /** Removes a limit on every node (a signed tombstone, so no unsigned removal can do it). */
    void remove(String strategy, String name) {
        write(strategy, name, null);
    }

    private void write(String strategy, String name, String definition) {
        String id = id(strategy, name);
        String record = records.sign(id, json(strategy, name, definition));
        LimitStore bound = store.get();
        if (bound != null) {
            try {
                persist(bound, id, record);
            } catch (RuntimeException e) {
                throw new IllegalStateException("The store could not save limit '" + name + "': " + e.getMessage(), e);
            }
        }
        map.set(id, record);
        book.apply(strategy, name, definition);
    }

    private void persist(LimitStore bound, String id, String record) {
        Optional<Decoded> decoded = decode(id, record);
        if (decoded.isEmpty()) {
            return;
        }
        if (decoded.get().definition() == null) {
            bound.removeLimit(id);
        } else {
            bound.putLimit(id, record, decoded.get().updatedAt());
        }
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            LOG.debug("Grid gone before the limit listener was removed", e);
        }
    }

    void receive(String id, String record, boolean fromEvent) {
        Optional<Decoded> decoded = decode(id, record);
        if (decoded.isEmpty()) {
            LOG.warn("Ignored an unsigned, forged or malformed limit record for '{}' in the grid", id);
            return;
        }
        Decoded limit = decoded.get();
        book.apply(limit.strategy(), limit.name(), limit.definition());
        LimitStore bound = store.get();
        if (fromEvent && bound != null && !node.equals(limit.node())) {
            // another node's change: keep this node's store in step, off the grid's event thread
            storeWriter.execute(() -> {
                try {
                    persist(bound, id, record);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store limit '{}' learnt from the grid: {}", id, e.toString());
                }
            });
        }
    }

    private record Decoded(String strategy, String name, String definition, long updatedAt, String node) {
    }

    private Optional<Decoded> decode(String id, String record) {
        if (id == null || record == null) {
            return Optional.empty();
        }
        Optional<String> json = records.verify(id, record);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<?, ?> fields = JSON.readValue(json.get(), Map.class);
            String strategy = (String) fields.get("strategy");
            String name = (String) fields.get("name");
            if (strategy == null || name == null || !id.equals(id(strategy, name))) {
                return Optional.empty();
            }
            long updatedAt = ((Number) fields.get("updated_at")).longValue();
            String definition = Boolean.TRUE.equals(fields.get("removed")) ? null : (String) fields.get("definition");
            if (definition == null && !Boolean.TRUE.equals(fields.get("removed"))) {
                return Optional.empty();
            }
            return Optional.of(new Decoded(strategy, name, definition, updatedAt, String.valueOf(fields.get("node"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String json(String strategy, String name, String definition) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("strategy", strategy);
        fields.put("name", name);
        fields.put("updated_at", wallClock.getAsLong());
        fields.put("node", node);
        if (definition == null) {
            fields.put("removed", true);
        } else {
            fields.put("definition", definition);
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
