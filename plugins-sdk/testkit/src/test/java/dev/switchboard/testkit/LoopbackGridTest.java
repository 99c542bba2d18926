package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class LoopbackGridTest {

    @Test(timeout = 90_000)
    public void twoNodesShareAMapOnLoopbackRunCallbacksOnTheirOwnPoolAndStopOnClose() throws Exception {
        LoopbackGrid grid = LoopbackGrid.twoNodes();
        try {
            assertThat(grid.a().getCluster().getMembers()).hasSize(2);
            assertThat(grid.b().getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
            grid.a().<String, String>getMap("m").set("k", "from a");
            assertThat(grid.b().<String, String>getMap("m").get("k")).isEqualTo("from a");
            String thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), grid.callbacks())
                    .get(10, TimeUnit.SECONDS);
            assertThat(thread).startsWith("loopback-grid-callback-");
        } finally {
            grid.close();
        }
        assertThat(grid.a().getLifecycleService().isRunning()).isFalse();
        assertThat(grid.b().getLifecycleService().isRunning()).isFalse();
    }
}
