package dev.switchboard.core.internal.routing;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.internal.auth.SignedGridView;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.store.RouteStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shares the routes set at run time through the grid map {@value #MAP}: alias -> a record signed with the cluster
 * secret ({@link SignedRecords}, purpose {@value #PURPOSE}: a key record never verifies as a route), whose JSON is the
 * route or, once removed, a tombstone. Writes are administration (shell, admin API). The writing, verifying,
 * listening and store reconciling are {@link SignedGridView}'s (as for the limits, {@code GridLimits}): a record the
 * gateway did not sign, and a bare removal of an entry, are ignored; this class says what a route's record holds and
 * applies it to this node's {@link RouteBook} (one routing-table swap), so the request path never reads the grid.
 */
public final class GridRoutes implements AutoCloseable {

    static final String MAP = "switchboard.routes";
    public static final String PURPOSE = "switchboard.routes/record";

    private static final SignedGridView.Codec<String, ModelRoute> CODEC = new SignedGridView.Codec<>() {
        @Override
        public String id(String alias) {
            return alias;
        }

        @Override
        public String name(String alias) {
            return alias;
        }

        @Override
        public void writeKey(String alias, Map<String, Object> fields) {
            fields.put("alias", alias);
        }

        @Override
        public String readKey(Map<?, ?> fields) {
            return (String) fields.get("alias");
        }

        @Override
        public void writeValue(ModelRoute route, Map<String, Object> fields) {
            fields.put("models", route.models());
            fields.put("strategy", route.strategy());
            fields.put("timeout_ms", route.timeoutMillis());
            fields.put("max_attempts", route.maxAttempts());
            fields.put("retry_backoff_ms", route.retryBackoffMillis());
            fields.put("fallback_text", route.fallbackText());
            fields.put("cache", route.definition().cache());
        }

        @Override
        public ModelRoute readValue(String alias, Map<?, ?> fields) {
            List<String> models = new ArrayList<>();
            for (Object model : (List<?>) fields.get("models")) {
                models.add(String.valueOf(model));
            }
            return ModelRoute.of(new RouteDefinition(alias, models, (String) fields.get("strategy"),
                    ((Number) fields.get("timeout_ms")).longValue(), ((Number) fields.get("max_attempts")).intValue(),
                    ((Number) fields.get("retry_backoff_ms")).longValue(), (String) fields.get("fallback_text"),
                    (String) fields.get("cache")));
        }
    };

    private final SignedGridView<String, ModelRoute> view;

    public GridRoutes(HazelcastInstance hazelcast, SignedRecords records, RouteBook book, Supplier<RouteStore> store,
                      Executor storeWriter, LongSupplier wallClock) {
        this.view = new SignedGridView<>(hazelcast, MAP, "route", records, CODEC, book::apply,
                () -> asRecords(store.get()), storeWriter, wallClock);
    }

    /** A store arrived: seed an empty grid from it, or bring it up to the routes the grid holds. */
    public void storeBound(RouteStore bound) {
        view.storeBound(asRecords(bound));
    }

    /** Sets a run-time route on every node; throws {@link IllegalStateException} when the store fails. */
    public void set(ModelRoute route) {
        view.set(route.alias(), route);
    }

    /** Removes a run-time route on every node (a signed tombstone, so no unsigned removal can do it). */
    public void remove(String alias) {
        view.remove(alias);
    }

    @Override
    public void close() {
        view.close();
    }

    private static SignedGridView.Store asRecords(RouteStore store) {
        return store == null ? null : SignedGridView.Store.of(store::routes, store::putRoute, store::removeRoute);
    }
}
