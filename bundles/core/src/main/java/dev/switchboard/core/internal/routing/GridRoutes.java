package dev.switchboard.core.internal.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.store.RouteStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the routes set at run time through the grid map {@value #MAP}: alias -> a record signed with the cluster
 * secret ({@link SignedRecords}, purpose {@value #PURPOSE}: a key record never verifies as a route), whose JSON is the
 * route or, once removed, a tombstone. Writes are administration (shell, admin API): the store first (the durable
 * truth when one is bound), then the grid, then this node's {@link RouteBook}. An entry listener on every node
 * verifies what others wrote and applies it to its book (one routing-table swap), and copies it into its own store,
 * so the request path never reads the grid and a node restarted alone keeps the cluster's routes. A record the
 * gateway did not sign, and a bare removal of an entry, are ignored. The first node with a store that finds the
 * grid empty loads the stored routes into it; one that finds routes there brings its store up to them.
 */
public final class GridRoutes implements AutoCloseable {

    static final String MAP = "switchboard.routes";
    public static final String PURPOSE = "switchboard.routes/record";
    private static final Logger LOG = LoggerFactory.getLogger(GridRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IMap<String, String> map;
    private final SignedRecords records;
    private final RouteBook book;
    private final Supplier<RouteStore> store;
    private final Executor storeWriter;
    private final LongSupplier wallClock;
    private final String node;
    private final UUID listenerId;

    public GridRoutes(HazelcastInstance hazelcast, SignedRecords records, RouteBook book, Supplier<RouteStore> store,
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
        RouteStore bound = store.get();
        if (bound != null) {
            storeBound(bound);
        }
    }

    /** A store arrived: seed an empty grid from it, or bring it up to the routes the grid holds. */
    public void storeBound(RouteStore bound) {
        try {
            if (map.isEmpty()) {
                bound.routes().forEach((alias, record) -> {
                    if (decode(alias, record).isPresent()) {
                        map.putIfAbsent(alias, record);
                        receive(alias, record, false);
                    } else {
                        LOG.warn("Ignored the stored route '{}': its record is not signed by this cluster", alias);
                    }
                });
            } else {
                for (Map.Entry<String, String> entry : map.entrySet()) {
                    persist(bound, entry.getKey(), entry.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not reconcile the stored routes with the grid: {}", e.toString());
        }
    }

    /** Sets a run-time route on every node; throws {@link IllegalStateException} when the store fails. */
    public void set(ModelRoute route) {
        write(route.alias(), route);
    }

    /** Removes a run-time route on every node (a signed tombstone, so no unsigned removal can do it). */
    public void remove(String alias) {
        write(alias, null);
    }

    private void write(String alias, ModelRoute route) {
        String record = records.sign(alias, json(alias, route));
        RouteStore bound = store.get();
        if (bound != null) {
            try {
                persist(bound, alias, record);
            } catch (RuntimeException e) {
                throw new IllegalStateException("The store could not save route '" + alias + "': " + e.getMessage(), e);
            }
        }
        map.set(alias, record);
        book.apply(alias, route);
    }

    /** The grid's record of a route, written to a store: the route, or its removal. */
    private void persist(RouteStore bound, String alias, String record) {
        Optional<Decoded> decoded = decode(alias, record);
        if (decoded.isEmpty()) {
            return;
        }
        if (decoded.get().route() == null) {
            bound.removeRoute(alias);
        } else {
            bound.putRoute(alias, record, decoded.get().updatedAt());
        }
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            LOG.debug("Grid gone before the route listener was removed", e);
        }
    }

    void receive(String alias, String record, boolean fromEvent) {
        Optional<Decoded> decoded = decode(alias, record);
        if (decoded.isEmpty()) {
            LOG.warn("Ignored an unsigned, forged or malformed route record for '{}' in the grid", alias);
            return;
        }
        book.apply(alias, decoded.get().route());
        RouteStore bound = store.get();
        if (fromEvent && bound != null && !node.equals(decoded.get().node())) {
            // another node's change: keep this node's store in step, off the grid's event thread
            storeWriter.execute(() -> {
                try {
                    persist(bound, alias, record);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store route '{}' learnt from the grid: {}", alias, e.toString());
                }
            });
        }
    }

    private record Decoded(ModelRoute route, long updatedAt, String node) {
    }

    private Optional<Decoded> decode(String alias, String record) {
        if (alias == null || record == null) {
            return Optional.empty();
        }
        Optional<String> json = records.verify(alias, record);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<?, ?> fields = JSON.readValue(json.get(), Map.class);
            if (!alias.equals(fields.get("alias"))) {
                return Optional.empty();
            }
            long updatedAt = ((Number) fields.get("updated_at")).longValue();
            String from = String.valueOf(fields.get("node"));
            if (Boolean.TRUE.equals(fields.get("removed"))) {
                return Optional.of(new Decoded(null, updatedAt, from));
            }
            List<String> models = new ArrayList<>();
            for (Object model : (List<?>) fields.get("models")) {
                models.add(String.valueOf(model));
            }
            RouteDefinition definition = new RouteDefinition(alias, models, (String) fields.get("strategy"),
                    ((Number) fields.get("timeout_ms")).longValue(), ((Number) fields.get("max_attempts")).intValue(),
                    ((Number) fields.get("retry_backoff_ms")).longValue(), (String) fields.get("fallback_text"),
                    (String) fields.get("cache"));
            return Optional.of(new Decoded(ModelRoute.of(definition), updatedAt, from));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String json(String alias, ModelRoute route) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alias", alias);
        fields.put("updated_at", wallClock.getAsLong());
        fields.put("node", node);
        if (route == null) {
            fields.put("removed", true);
        } else {
            fields.put("models", route.models());
            fields.put("strategy", route.strategy());
            fields.put("timeout_ms", route.timeoutMillis());
            fields.put("max_attempts", route.maxAttempts());
            fields.put("retry_backoff_ms", route.retryBackoffMillis());
            fields.put("fallback_text", route.fallbackText());
            fields.put("cache", route.definition().cache());
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
