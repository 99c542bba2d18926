package dev.switchboard.grid.internal;

import dev.switchboard.grid.ClusterSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Loopback-only grid settings with a cluster name of their own, so tests never join anything else. */
final class TestGrid {

    private TestGrid() {
    }

    static String uniqueClusterName() {
        return "switchboard-test-" + UUID.randomUUID();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static GridSettings lone(String clusterName, int port) {
        return new GridSettings(clusterName, port, List.of("127.0.0.1:" + port));
    }

    /** A fixed secret: tests of one cluster share it, as the nodes of a real one do. */
    static ClusterSecret secret() {
        return ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    }

    static EmbeddedGridMember start(GridSettings settings) {
        return new EmbeddedGridMember(settings, secret());
    }
}
