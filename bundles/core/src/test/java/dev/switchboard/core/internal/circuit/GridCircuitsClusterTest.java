package dev.switchboard.core.internal.circuit;

import static dev.switchboard.testkit.LoopbackGrid.config;
import static dev.switchboard.testkit.LoopbackGrid.freePort;
import static dev.switchboard.testkit.LoopbackGrid.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.testkit.LoopbackGrid;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.After;
import org.junit.Test;

/** Two grid members on loopback: a breaker that opens on one node is open on the other within a second. */
public class GridCircuitsClusterTest {

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static final CircuitPolicy POLICY = new CircuitPolicy(3, 30_000, 0.5, 1.0, 60_000, 10_000, 10, 1);

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

    @Test(timeout = 90_000)
    public void anOpenOnOneNodeIsSeenOnTheOtherWithinASecondAndAResetClosesBoth() throws Exception {
        pair = LoopbackGrid.twoNodes();
        a = pair.a();
        b = pair.b();

        CircuitBreakerRegistry onA = new CircuitBreakerRegistry(POLICY, System::nanoTime);
        CircuitBreakerRegistry onB = new CircuitBreakerRegistry(POLICY, System::nanoTime);
        try (GridCircuits gridA = new GridCircuits(a, SECRET, onA, System::currentTimeMillis, Runnable::run);
             GridCircuits gridB = new GridCircuits(b, SECRET, onB, System::currentTimeMillis, Runnable::run)) {
            CircuitBreaker seenOnB = onB.breaker("openai-1");
            for (int i = 0; i < 3; i++) {
                onA.breaker("openai-1").recordFailure();
            }
            assertThat(onA.breaker("openai-1").isOpen()).isTrue();

            assertThat(waitFor(() -> seenOnB.isOpen(), 1_000)).as("open on B within a second").isTrue();
            assertThat(seenOnB.tryAcquire()).isFalse();

            onB.reset("openai-1");
            assertThat(waitFor(() -> !onA.breaker("openai-1").isOpen(), 1_000)).as("reset on B closes A").isTrue();
        }
    }

    @Test(timeout = 90_000)
    public void aRecordWithoutTheClustersSignatureIsIgnored() throws Exception {
        String cluster = "switchboard-test-" + UUID.randomUUID();
        int port = freePort();
        a = Hazelcast.newHazelcastInstance(config(cluster, port, port));
        CircuitBreakerRegistry registry = new CircuitBreakerRegistry(POLICY, System::nanoTime);
        try (GridCircuits grid = new GridCircuits(a, SECRET, registry, System::currentTimeMillis, Runnable::run)) {
            a.<String, String>getMap(GridCircuits.MAP).set("openai-1",
                    "OPEN|" + System.currentTimeMillis() + "|forger|bm90LWEtbWFj");
            grid.receive("openai-2", "OPEN|" + System.currentTimeMillis() + "|forger|bm90LWEtbWFj");

            Thread.sleep(300);
            assertThat(registry.breaker("openai-1").isOpen()).isFalse();
            assertThat(registry.breaker("openai-2").isOpen()).isFalse();
        }
    }
}
