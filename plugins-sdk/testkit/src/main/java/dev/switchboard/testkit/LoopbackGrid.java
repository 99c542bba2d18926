package dev.switchboard.testkit;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Hazelcast members for tests, on loopback only: a cluster name of its own per fixture, no multicast, no auto
 * detection, no phone home, a TCP member list of loopback addresses. {@link #twoNodes()} starts two members that
 * have joined each other, as two nodes of a cluster, with a small callback pool of the fixture's own (the grid
 * bundle gives its callbacks one too, see {@code GridMember.callbackExecutor()}); {@link #close()} stops both
 * members, then the pool. Hazelcast is an optional dependency of the test kit: a test that uses this class
 * declares it itself.
 *
 * <p>This kit cannot name the grid bundle's {@code GridMember} (that bundle's tests depend on the kit), so a test
 * that needs one wraps {@link #a()}/{@link #b()} and {@link #callbacks()} in its own.
 */
public final class LoopbackGrid implements AutoCloseable {

    private static final long JOIN_MILLIS = 30_000;

    private final String clusterName;
    private final HazelcastInstance a;
    private final HazelcastInstance b;
    private final ThreadPoolExecutor callbacks;

    private LoopbackGrid(String clusterName, HazelcastInstance a, HazelcastInstance b, ThreadPoolExecutor callbacks) {
        this.clusterName = clusterName;
        this.a = a;
        this.b = b;
        this.callbacks = callbacks;
    }

    /**
     * Two members of a new cluster that see each other, loaded by this class's class loader; fails (and stops
     * what it started) when they have not joined within 30 seconds.
     */
    public static LoopbackGrid twoNodes() throws IOException, InterruptedException {
        String cluster = uniqueClusterName();
        int portA = freePort();
        int portB = freePort();
        ThreadPoolExecutor callbacks = callbackPool();
        HazelcastInstance a = null;
        HazelcastInstance b = null;
        try {
            a = Hazelcast.newHazelcastInstance(config(cluster, portA, portB));
            b = Hazelcast.newHazelcastInstance(config(cluster, portB, portA));
            HazelcastInstance second = b;
            if (!waitFor(() -> second.getCluster().getMembers().size() == 2, JOIN_MILLIS)) {
                throw new AssertionError("the two loopback members did not join within " + JOIN_MILLIS + " ms");
            }
            return new LoopbackGrid(cluster, a, b, callbacks);
        } catch (RuntimeException | Error | InterruptedException e) {
            shutdown(b, a, callbacks);
            throw e;
        }
    }

    /** A member on {@code port} that joins {@code otherPort} (0: alone), of cluster {@code cluster}. */
    public static Config config(String cluster, int port, int otherPort) {
        Config config = new Config();
        config.setClassLoader(LoopbackGrid.class.getClassLoader());
        config.setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(otherPort == 0 ? List.of("127.0.0.1:" + port)
                : List.of("127.0.0.1:" + port, "127.0.0.1:" + otherPort));
        return config;
    }

    /** A cluster name no other test (or real cluster) uses. */
    public static String uniqueClusterName() {
        return "switchboard-test-" + UUID.randomUUID();
    }

    /** A port free on loopback just now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether {@code condition} held within {@code millis}, asked every 10 ms. */
    public static boolean waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The first member. */
    public HazelcastInstance a() {
        return a;
    }

    /** The second member, which joined {@link #a()}. */
    public HazelcastInstance b() {
        return b;
    }

    /** Where continuations of async grid calls run, as on a node's {@code GridMember.callbackExecutor()}. */
    public Executor callbacks() {
        return callbacks;
    }

    /** Stops the second member, then the first, then the callback pool (after what it queued has run). */
    @Override
    public void close() {
        shutdown(b, a, callbacks);
    }

    private static void shutdown(HazelcastInstance b, HazelcastInstance a, ThreadPoolExecutor callbacks) {
        try {
            if (b != null) {
                b.shutdown();
            }
        } finally {
            try {
                if (a != null) {
                    a.shutdown();
                }
            } finally {
                callbacks.shutdown();
            }
        }
    }

    /** Two daemon threads; a full queue runs the task on the completing thread, as the grid bundle's pool does. */
    private static ThreadPoolExecutor callbackPool() {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), task -> {
            Thread thread = new Thread(task, "loopback-grid-callback-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> task.run());
    }
}
