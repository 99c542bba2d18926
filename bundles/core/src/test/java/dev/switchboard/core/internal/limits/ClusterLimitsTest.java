package dev.switchboard.core.internal.limits;

import static dev.switchboard.testkit.LoopbackGrid.config;
import static dev.switchboard.testkit.LoopbackGrid.freePort;
import static dev.switchboard.testkit.LoopbackGrid.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.quota.ClusterDefinableQuota;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.core.api.LimitDefinitions.Definition;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import dev.switchboard.store.LimitStore;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.junit.After;
import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Limit definitions written through the admin API on one of two grid members on loopback: enforced by the other
 * within a second, kept by the store across a restart of every node, never taken from a record the cluster did not
 * sign; a node's file definitions beside them. And budgets' spent amounts kept across a full restart.
 */
public class ClusterLimitsTest {

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER_SECRET =
            ClusterSecret.of("some-other-cluster-secret-value".getBytes(StandardCharsets.UTF_8));
    private static final String ACME = "name=acme; scope=tenant:acme; limit.usd=100";

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<ConfiguredLimits> components = new ArrayList<>();

    @After
    public void shutDown() {
        components.forEach(ConfiguredLimits::deactivate);
        members.forEach(HazelcastInstance::shutdown);
    }

    /** A budget strategy: the cluster's definitions it was last given. */
    static final class Budgets extends TestBudgets implements ClusterDefinableQuota {
        volatile List<String> cluster = List.of();

        @Override
        public void defineFromCluster(List<String> definitions) {
            cluster = List.copyOf(definitions);
        }
    }

    @Test(timeout = 120_000)
    public void aDefinitionWrittenOnOneNodeIsEnforcedOnTheOtherWithinASecondAndSurvivesAFullRestart()
            throws Exception {
        String cluster = "switchboard-test-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        MemoryLimitStore storeA = new MemoryLimitStore();
        MemoryLimitStore storeB = new MemoryLimitStore();
        HazelcastInstance a = member(cluster, portA, portB);
        HazelcastInstance b = member(cluster, portB, portA);
        assertThat(waitFor(() -> b.getCluster().getMembers().size() == 2, 30_000)).isTrue();
        Budgets onA = new Budgets();
        Budgets onB = new Budgets();
        ConfiguredLimits limitsA = limits(a, storeA, onA, "name=local; scope=tenant:x; limit.usd=1");
        ConfiguredLimits limitsB = limits(b, storeB, onB, "");

        Definition defined = limitsA.define("budget", ACME);
        assertThat(defined.source()).isEqualTo(Definition.CLUSTER);
        assertThat(onA.cluster).as("at once on the node that wrote it").containsExactly(ACME);
        assertThat(storeA.limits()).as("in the store before the call returns").containsKey("budget/acme");
        assertThat(waitFor(() -> onB.cluster.equals(List.of(ACME)), 1_000)).as("on B within a second").isTrue();
        assertThat(waitFor(() -> storeB.limits().containsKey("budget/acme"), 5_000)).as("B's store too").isTrue();

        // the node's file entries are listed beside them, and changed in the file only
        assertThat(limitsA.definitions("budget")).extracting(Definition::name, Definition::source)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("acme", Definition.CLUSTER),
                        org.assertj.core.groups.Tuple.tuple("local", Definition.FILE));
        limitsA.define("budget", "name=local; scope=tenant:x; limit.usd=2");
        assertThat(limitsA.definitions("budget")).extracting(Definition::name, Definition::source)
                .contains(org.assertj.core.groups.Tuple.tuple("local", Definition.FILE_OVERRIDDEN));
        assertThat(waitFor(() -> onB.cluster.size() == 2, 1_000)).as("B heard of it").isTrue();
        assertThat(limitsB.remove("budget", "local")).as("removed from the cluster, by any node").isTrue();
        assertThat(waitFor(() -> onA.cluster.equals(List.of(ACME)), 1_000)).as("A heard of the removal").isTrue();
        assertThatThrownBy(() -> limitsA.remove("budget", "local")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.switchboard.quota.budget.cfg");
        assertThat(limitsA.remove("budget", "nothing")).isFalse();

        // a record the cluster did not sign, or one moved to another name, is never enforced
        String forged = new SignedRecords(OTHER_SECRET, GridLimits.PURPOSE).sign("budget/evil",
                "{\"strategy\":\"budget\",\"name\":\"evil\",\"updated_at\":1,\"node\":\"x\",\"definition\":\"name=evil;"
                        + " scope=*; limit.usd=0\"}");
        a.<String, String>getMap(GridLimits.MAP).set("budget/evil", forged);
        a.<String, String>getMap(GridLimits.MAP).set("budget/moved", a.<String, String>getMap(GridLimits.MAP)
                .get("budget/acme"));
        Thread.sleep(300);
        assertThat(onB.cluster).containsExactly(ACME);

        // every node stops; a node started with its store gets the definitions back into the new grid
        shutDown();
        components.clear();
        members.clear();
        HazelcastInstance restarted = member("switchboard-test-" + UUID.randomUUID(), freePort(), 0);
        Budgets again = new Budgets();
        limits(restarted, storeB, again, "");
        assertThat(waitFor(() -> again.cluster.equals(List.of(ACME)), 5_000)).as("from the store").isTrue();
        assertThat(restarted.getMap(GridLimits.MAP).containsKey("budget/acme")).as("seeded into the grid").isTrue();
    }

    @Test(timeout = 120_000)
    public void budgetsSpentAmountsSurviveARestartOfEveryNodeAndAreGivenBackOnce() throws Exception {
        MemoryLimitStore store = new MemoryLimitStore();
        MemoryBudgets grid = new MemoryBudgets();
        HazelcastInstance a = member("switchboard-test-" + UUID.randomUUID(), freePort(), 0);
        BudgetSnapshots first = new BudgetSnapshots(a, () -> grid, () -> store, System::currentTimeMillis);
        first.tick();
        long expires = System.currentTimeMillis() + 86_400_000;
        grid.spent.put("budget:acme:2026-12", new long[] {4_000, expires});
        first.tick();
        assertThat(store.spent).containsKey("budget:acme:2026-12");
        grid.spent.put("budget:acme:2026-12", new long[] {9_000, expires});
        first.tick();
        assertThat(store.spent.get("budget:acme:2026-12").spent()).isEqualTo(9_000);
        a.shutdown();

        // a new grid (every node restarted); a request booked 500 before the snapshot was given back
        HazelcastInstance b = member("switchboard-test-" + UUID.randomUUID(), freePort(), 0);
        members.add(b);
        MemoryBudgets fresh = new MemoryBudgets();
        fresh.spent.put("budget:acme:2026-12", new long[] {500, expires});
        BudgetSnapshots restarted = new BudgetSnapshots(b, () -> fresh, () -> store, System::currentTimeMillis);
        BudgetSnapshots second = new BudgetSnapshots(b, () -> fresh, () -> store, System::currentTimeMillis);
        restarted.tick();
        second.tick();
        assertThat(fresh.spent.get("budget:acme:2026-12")[0]).as("restored once, added to what was booked")
                .isEqualTo(9_500);
        assertThat(store.spent.get("budget:acme:2026-12").spent()).isEqualTo(9_500);
    }

    private HazelcastInstance member(String cluster, int port, int otherPort) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(cluster, port, otherPort));
        members.add(member);
        return member;
    }

    private ConfiguredLimits limits(HazelcastInstance member, LimitStore store, Budgets strategy, String file) {
        Dictionary<String, Object> properties = new Hashtable<>(Map.of("budgets", file));
        ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration")) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("getProperties")) {
                                        return properties;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        GridMember grid = new GridMember() {
            @Override
            public HazelcastInstance hazelcast() {
                return member;
            }

            @Override
            public ClusterSecret clusterSecret() {
                return SECRET;
            }

            @Override
            public Executor callbackExecutor() {
                return Runnable::run;
            }
        };
        ConfiguredLimits limits = new ConfiguredLimits(admin, grid);
        limits.bindQuota(strategy);
        limits.bindLimitStore(store);
        limits.activate();
        components.add(limits);
        return limits;
    }

    static final class MemoryLimitStore implements LimitStore {
        final Map<String, String> rows = new ConcurrentHashMap<>();
        final Map<String, BudgetSpent> spent = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> limits() {
            return Map.copyOf(rows);
        }

        @Override
        public void putLimit(String id, String signedRecord, long updatedEpochMillis) {
            rows.put(id, signedRecord);
        }

        @Override
        public boolean removeLimit(String id) {
            return rows.remove(id) != null;
        }

        @Override
        public List<BudgetSpent> budgetSpent(long nowMillis) {
            return List.copyOf(spent.values());
        }

        @Override
        public void saveBudgetSpent(List<BudgetSpent> rows, long nowMillis) {
            rows.forEach(row -> spent.put(row.budget(), row));
        }
    }

    /** Budgets as the grid would hold them: key -> {spent, expires at}. */
    static final class MemoryBudgets implements SharedBudgets {
        final Map<String, long[]> spent = new ConcurrentHashMap<>();

        @Override
        public List<BudgetSpent> spentSnapshot() {
            List<BudgetSpent> all = new ArrayList<>();
            spent.forEach((key, value) -> all.add(new BudgetSpent(key, value[0], value[1])));
            return all;
        }

        @Override
        public void restoreSpent(String budget, long amount, long expiresAtMillis) {
            spent.merge(budget, new long[] {amount, expiresAtMillis}, (had, add) -> new long[] {had[0] + add[0], had[1]});
        }

        @Override
        public CompletionStage<BudgetState> reserve(String budget, String requestId, long amount, long limit,
                                                    Duration holdFor, Duration expireAfter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<BudgetState> settle(String budget, String requestId, long actual, Duration expireAfter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<BudgetState> release(String budget, String requestId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BudgetState read(String budget) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reset(String budget) {
            throw new UnsupportedOperationException();
        }
    }
}
