package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.junit.Rule;
import org.junit.Test;

public class DataPlaneProbeTest {

    @Rule
    public final TestServer server = new TestServer();

    @Test
    public void servingWhenTheChatEndpointAsksForAKey() {
        assertThat(DataPlaneProbe.serving("127.0.0.1", server.port())).isTrue();
    }

    @Test
    public void notServingWhileTheEndpointIsNotRegistered() throws Exception {
        // a listener whose context has no servlets yet: 404, as between Jetty's start and the whiteboard's
        Server bare = new Server();
        ServerConnector connector = new ServerConnector(bare);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        bare.addConnector(connector);
        bare.setHandler(new ServletContextHandler());
        bare.start();
        try {
            assertThat(DataPlaneProbe.serving("127.0.0.1", connector.getLocalPort())).isFalse();
        } finally {
            bare.stop();
        }
    }

    @Test
    public void notServingWhileCoreIsUnbound() throws Exception {
        TestServer unbound = new TestServer(1024, 1000, false);
        unbound.before();
        try {
            assertThat(DataPlaneProbe.serving("127.0.0.1", unbound.port())).as("503 from the endpoint").isFalse();
        } finally {
            unbound.after();
        }
    }

    @Test
    public void notServingWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(DataPlaneProbe.serving("127.0.0.1", port)).isFalse();
    }

    @Test
    public void readsTheStatusLine() throws Exception {
        assertThat(DataPlaneProbe.status(in("HTTP/1.1 401 Unauthorized\r\n"))).isEqualTo(401);
        assertThat(DataPlaneProbe.status(in("HTTP/1.1 404 Not Found\r\n"))).isEqualTo(404);
        assertThat(DataPlaneProbe.status(in("SSH-2.0-OpenSSH\r\n"))).isEqualTo(-1);
        assertThat(DataPlaneProbe.status(in(""))).isEqualTo(-1);
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    public void anAnswerThatSkippedTheGuardFilterIsNotServing() throws Exception {
        assertThat(DataPlaneProbe.guarded(in("Content-Type: application/json\r\n\r\n"))).isFalse();
        assertThat(DataPlaneProbe.guarded(in("Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n\r\n")))
                .isTrue();
    }
}
