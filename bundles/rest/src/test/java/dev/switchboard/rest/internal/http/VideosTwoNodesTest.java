package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import dev.switchboard.grid.internal.GridEntries;
import dev.switchboard.testkit.LoopbackGrid;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two nodes, each a grid member on loopback with its own {@link VideoStore} and servlets: a video made on node A is
 * fetched, object and content, from node B by the key that made it; another key gets a 404 there too.
 */
public class VideosTwoNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MP4 = "....ftypmp42-made-on-node-a".getBytes(StandardCharsets.US_ASCII);

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static LoopbackGrid grid;
    private static GridMember a;
    private static GridMember b;
    private static Server nodeA;
    private static Server nodeB;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeClass
    public static void startTwoNodes() throws Exception {
        grid = LoopbackGrid.twoNodes();
        a = member(grid.a());
        b = member(grid.b());
        nodeA = node(new GridEntries(a));
        nodeB = node(new GridEntries(b));
    }

    @AfterClass
    public static void stop() throws Exception {
        for (Server server : new Server[] {nodeA, nodeB}) {
            if (server != null) {
                server.stop();
            }
        }
        if (grid != null) {
            grid.close();
        }
    }

    @Test(timeout = 60_000)
    public void aVideoMadeOnOneNodeIsFetchedFromTheOtherByItsKeyOnly() throws Exception {
        HttpResponse<byte[]> created = send(nodeA, "/v1/videos", "sk-a", HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"wan-video\",\"prompt\":\"a wave\",\"seconds\":\"4\"}"));
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("id").asText();

        HttpResponse<byte[]> content = send(nodeB, "/v1/videos/" + id + "/content", "sk-a", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (content.statusCode() == 404 && System.nanoTime() < deadline) { // the share is not waited for
            Thread.sleep(50);
            content = send(nodeB, "/v1/videos/" + id + "/content", "sk-a", null);
        }
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("content-type").orElse("")).startsWith("video/mp4");
        assertThat(content.body()).isEqualTo(MP4);

        HttpResponse<byte[]> object = send(nodeB, "/v1/videos/" + id, "sk-a", null);
        assertThat(object.statusCode()).isEqualTo(200);
        JsonNode video = JSON.readTree(object.body());
        assertThat(video.get("id").asText()).isEqualTo(id);
        assertThat(video.get("model").asText()).isEqualTo("wan-video");
        assertThat(video.get("seconds").asText()).isEqualTo("4");

        HttpResponse<byte[]> otherKey = send(nodeB, "/v1/videos/" + id + "/content", "sk-b", null);
        assertThat(otherKey.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(otherKey.body()).at("/error/code").asText()).isEqualTo("video_not_found");
        assertThat(send(nodeB, "/v1/videos/video_nope", "sk-a", null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> send(Server node, String path, String key, HttpRequest.BodyPublisher post)
            throws Exception {
        int port = ((ServerConnector) node.getConnectors()[0]).getLocalPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key);
        request = post == null ? request.GET() : request.header("Content-Type", "application/json").POST(post);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Server node(GridEntries entries) throws Exception {
        Gateway gateway = (Gateway) Proxy.newProxyInstance(Gateway.class.getClassLoader(), new Class<?>[] {Gateway.class},
                (proxy, method, args) -> {
                    if ("videos".equals(method.getName())) {
                        return CompletableFuture.completedFuture(new Outcome<>(new GeneratedVideo(ByteBuffer.wrap(MP4),
                                "video/mp4", null, 0, null), "sm-video", "sagemaker", BigDecimal.ZERO, 1, 1));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Authenticator keys = key -> "sk-a".equals(key) ? Optional.of(new Caller("key-a", "a", "acme", false))
                : "sk-b".equals(key) ? Optional.of(new Caller("key-b", "b", "acme", false)) : Optional.empty();
        VideoStore store = new VideoStore();
        store.bindEntries(entries);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder create = new ServletHolder(new VideosServlet(gateway, keys, store));
        create.setAsyncSupported(true);
        context.addServlet(create, "/v1/videos");
        ServletHolder retrieve = new ServletHolder(new VideoRetrievalServlet(keys, store));
        retrieve.setAsyncSupported(true);
        context.addServlet(retrieve, "/v1/videos/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    /** Node {@code hazelcast} of the two, as the grid bundle would register it there. */
    private static GridMember member(HazelcastInstance hazelcast) {
        return new GridMember() {
            @Override public HazelcastInstance hazelcast() { return hazelcast; }
            @Override public ClusterSecret clusterSecret() { return SECRET; }
            @Override public Executor callbackExecutor() { return grid.callbacks(); }
        };
    }
}
