package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class GridClusterTest {

    @Test(timeout = 60_000)
    public void twoMembersListingEachOtherFormOneGridAndShareCounters() throws Exception {
        String cluster = TestGrid.uniqueClusterName();
        int portA = TestGrid.freePort();
        int portB = TestGrid.freePort();
        List<String> both = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);

        EmbeddedGridMember a = TestGrid.start(new GridSettings(cluster, portA, both));
        EmbeddedGridMember b = null;
        try {
            b = TestGrid.start(new GridSettings(cluster, portB, both));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((a.hazelcast().getCluster().getMembers().size() < 2
                    || b.hazelcast().getCluster().getMembers().size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(a.hazelcast().getCluster().getMembers()).hasSize(2);
            assertThat(b.hazelcast().getCluster().getMembers()).hasSize(2);

            GridCounters onA = new GridCounters(a.hazelcast(), a.callbackExecutor());
            GridCounters onB = new GridCounters(b.hazelcast(), b.callbackExecutor());
            onA.addAndGet("shared", 2, Duration.ofMinutes(1));
            assertThat(onB.addAndGet("shared", 3, Duration.ofMinutes(1))).isEqualTo(5);
            assertThat(onA.get("shared")).isEqualTo(5);
        } finally {
            if (b != null) {
                b.shutdown();
            }
            a.shutdown();
        }
    }
}
