package dev.switchboard.core.internal.routing;

import static dev.switchboard.testkit.LoopbackGrid.config;
import static dev.switchboard.testkit.LoopbackGrid.freePort;
import static dev.switchboard.testkit.LoopbackGrid.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.testkit.LoopbackGrid;
import dev.switchboard.store.RouteStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Test;

/**
 * Routes set at run time, shared by two grid members on loopback: seen by the other node within a second, removed
 * the same way, never taken from a record the cluster did not sign, kept by the store across a full restart.
 */
public class GridRoutesClusterTest {

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER_SECRET =
            ClusterSecret.of("some-other-cluster-secret-value".getBytes(StandardCharsets.UTF_8));
    private static final ModelRoute SMART = ModelRoute.of(new RouteDefinition("smart", List.of("gpt-4o", "claude"),
            "priority", 5_000, 2, 100, "Sorry."));

    private HazelcastInstance a;
    private HazelcastInstance b;
    private LoopbackGrid pair;

    @After
    public void shutDown() {
        if (pair != null) {
            pair.close();
        }
        if (b != null) {
            b.shutdown();
        }
        if (a != null) {
            a.shutdown();
        }
    }

    /** The routes a node's routing table was last given. */
    private static final class Table {
        final AtomicReference<Map<String, ModelRoute>> routes = new AtomicReference<>(Map.of());
        final RouteBook book = new RouteBook(routes::set);
    }

    @Test(timeout = 90_000)
    public void aRouteSetOnOneNodeIsServedByTheOtherWithinASecondAndRemovedTheSameWay() throws Exception {
        pair = LoopbackGrid.twoNodes();
        a = pair.a();
        b = pair.b();
        Table onA = new Table();
        Table onB = new Table();
        MemoryRouteStore storeOfB = new MemoryRouteStore();
        try (GridRoutes gridA = routes(a, onA, null);
             GridRoutes gridB = routes(b, onB, storeOfB)) {
            gridA.set(SMART);
            assertThat(onA.routes.get()).as("at once on the node that set it").containsEntry("smart", SMART);
            assertThat(waitFor(() -> SMART.equals(onB.routes.get().get("smart")), 1_000))
                    .as("on B within a second").isTrue();
            assertThat(waitFor(() -> storeOfB.routes().containsKey("smart"), 5_000)).as("B's store keeps it").isTrue();

            gridA.remove("smart");
            assertThat(waitFor(() -> !onB.routes.get().containsKey("smart"), 1_000)).as("removed on B").isTrue();
            assertThat(waitFor(() -> !storeOfB.routes().containsKey("smart"), 5_000)).isTrue();
        }
    }

    @Test(timeout = 90_000)
    public void aRecordTheClusterDidNotSignAndABareRemovalAreIgnored() throws Exception {
        a = Hazelcast.newHazelcastInstance(config("switchboard-test-" + UUID.randomUUID(), freePort(), 0));
        Table table = new Table();
        try (GridRoutes grid = routes(a, table, null)) {
            grid.set(SMART);
            String forged = new SignedRecords(OTHER_SECRET, GridRoutes.PURPOSE).sign("evil",
                    "{\"alias\":\"evil\",\"updated_at\":1,\"node\":\"x\",\"models\":[\"m\"],\"strategy\":null,"
                            + "\"timeout_ms\":0,\"max_attempts\":0,\"retry_backoff_ms\":-1,\"fallback_text\":null}");
            a.<String, String>getMap(GridRoutes.MAP).set("evil", forged);
            a.<String, String>getMap(GridRoutes.MAP).set("plain", "{\"alias\":\"plain\",\"models\":[\"m\"]}");
            // a valid record moved to another alias does not verify there either
            a.<String, String>getMap(GridRoutes.MAP).set("moved", a.<String, String>getMap(GridRoutes.MAP).get("smart"));
            a.<String, String>getMap(GridRoutes.MAP).remove("smart");
            Thread.sleep(300);
            assertThat(table.routes.get()).containsOnlyKeys("smart");
        }
    }

    @Test(timeout = 90_000)
    public void aFullRestartGetsTheRoutesBackFromTheStoreButNotATamperedOne() throws Exception {
        MemoryRouteStore store = new MemoryRouteStore();
        a = Hazelcast.newHazelcastInstance(config("switchboard-test-" + UUID.randomUUID(), freePort(), 0));
        try (GridRoutes grid = routes(a, new Table(), store)) {
            grid.set(SMART);
        }
        a.shutdown();
        String good = store.routes().get("smart");
        store.putRoute("tampered", good.replace("smart", "tampered"), 1);

        a = Hazelcast.newHazelcastInstance(config("switchboard-test-" + UUID.randomUUID(), freePort(), 0));
        Table restarted = new Table();
        try (GridRoutes grid = routes(a, restarted, store)) {
            assertThat(restarted.routes.get()).containsOnlyKeys("smart").containsEntry("smart", SMART);
            assertThat(a.getMap(GridRoutes.MAP).containsKey("smart")).as("seeded into the empty grid").isTrue();
        }
    }

    private static GridRoutes routes(HazelcastInstance member, Table table, RouteStore store) {
        return new GridRoutes(member, new SignedRecords(SECRET, GridRoutes.PURPOSE), table.book, () -> store,
                Runnable::run, System::currentTimeMillis);
    }

    static final class MemoryRouteStore implements RouteStore {
        private final Map<String, String> rows = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> routes() {
            return Map.copyOf(rows);
        }

        @Override
        public void putRoute(String alias, String signedRecord, long updatedEpochMillis) {
            rows.put(alias, signedRecord);
        }

        @Override
        public boolean removeRoute(String alias) {
            return rows.remove(alias) != null;
        }
    }
}
