package dev.switchboard.core.internal.limits;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.core.internal.auth.SignedGridView;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.store.LimitStore;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shares the limit and budget definitions written through the admin API through the grid map {@value #MAP}:
 * {@code <strategy>/<name>} -> a record signed with the cluster secret ({@link SignedRecords}, purpose
 * {@value #PURPOSE}: no key, route or directory record verifies as a limit), whose JSON is the definition or, once
 * removed, a tombstone. A limit decides who gets through and what they may spend, so only signed records count;
 * the writing, verifying, listening and store reconciling are {@link SignedGridView}'s (as for the routes,
 * {@code GridRoutes}); this class says what a limit's record holds and applies it to this node's {@link LimitBook}
 * (the strategies get their new list at once), so the request path never reads the grid.
 */
final class GridLimits implements AutoCloseable {

    static final String MAP = "switchboard.limits";
    static final String PURPOSE = "switchboard.limits/record";

    /** What names a limit: its strategy and its name in that strategy. */
    private record LimitId(String strategy, String name) {
    }

    private static final SignedGridView.Codec<LimitId, String> CODEC = new SignedGridView.Codec<>() {
        @Override
        public String id(LimitId key) {
            return GridLimits.id(key.strategy(), key.name());
        }

        @Override
        public String name(LimitId key) {
            return key.name();
        }

        @Override
        public void writeKey(LimitId key, Map<String, Object> fields) {
            fields.put("strategy", key.strategy());
            fields.put("name", key.name());
        }

        @Override
        public LimitId readKey(Map<?, ?> fields) {
            String strategy = (String) fields.get("strategy");
            String name = (String) fields.get("name");
            return strategy == null || name == null ? null : new LimitId(strategy, name);
        }

        @Override
        public void writeValue(String definition, Map<String, Object> fields) {
            fields.put("definition", definition);
        }

        @Override
        public String readValue(LimitId key, Map<?, ?> fields) {
            return (String) fields.get("definition");
        }
    };

    private final SignedGridView<LimitId, String> view;

    GridLimits(HazelcastInstance hazelcast, SignedRecords records, LimitBook book, Supplier<LimitStore> store,
               Executor storeWriter, LongSupplier wallClock) {
        this.view = new SignedGridView<>(hazelcast, MAP, "limit", records, CODEC,
                (id, definition) -> book.apply(id.strategy(), id.name(), definition),
                () -> asRecords(store.get()), storeWriter, wallClock);
    }

    static String id(String strategy, String name) {
        return strategy + '/' + name;
    }

    /** A store arrived: seed an empty grid from it, or bring it up to the definitions the grid holds. */
    void storeBound(LimitStore bound) {
        view.storeBound(asRecords(bound));
    }

    /** Defines a limit on every node; {@link IllegalStateException} when the store fails (nothing changed). */
    void set(String strategy, String name, String definition) {
        view.set(new LimitId(strategy, name), definition);
    }

    /** Removes a limit on every node (a signed tombstone, so no unsigned removal can do it). */
    void remove(String strategy, String name) {
        view.remove(new LimitId(strategy, name));
    }

    @Override
    public void close() {
        view.close();
    }

    private static SignedGridView.Store asRecords(LimitStore store) {
        return store == null ? null : SignedGridView.Store.of(store::limits, store::putLimit, store::removeLimit);
    }
}
