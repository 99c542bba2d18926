package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.Outcome;
import java.lang.reflect.InvocationTargetException;
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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code POST /v1/videos} in OpenAI's Videos API shape (JSON and multipart), then {@code GET /v1/videos/{id}} and
 * {@code /content} for the key that made it, a 404 for another key.
 */
public class VideosServletTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MP4 = "....ftypmp42-fake-video-bytes".getBytes(StandardCharsets.US_ASCII);

    private final FakeGateway fake = new FakeGateway();
    private volatile VideoRequest lastRequest;
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private int port;

    @Before
    public void start() throws Exception {
        Gateway gateway = (Gateway) Proxy.newProxyInstance(Gateway.class.getClassLoader(), new Class<?>[] {Gateway.class},
                (proxy, method, args) -> {
                    if ("videos".equals(method.getName())) {
                        lastRequest = (VideoRequest) args[args.length - 1];
                        return CompletableFuture.completedFuture(new Outcome<>(new GeneratedVideo(ByteBuffer.wrap(MP4),
                                "video/mp4", null, 0, null), "sm-video", "sagemaker", BigDecimal.ZERO, 1, 1));
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Authenticator keys = key -> "sk-a".equals(key) ? Optional.of(new Caller("key-a", "a", "acme", false))
                : "sk-b".equals(key) ? Optional.of(new Caller("key-b", "b", "acme", false)) : Optional.empty();
        VideoStore store = new VideoStore();
        server = new Server();
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
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String key) throws Exception {
        return client.send(request.header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    public void aVideoIsMadeThenItsObjectAndContentAreFetchedByItsKeyOnly() throws Exception {
        HttpResponse<byte[]> created = send(request("/v1/videos").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"wan-video\",\"prompt\":\"a wave\","
                        + "\"seconds\":\"4\",\"size\":\"1280x720\",\"fps\":24}")), "sk-a");

        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode video = JSON.readTree(created.body());
        assertThat(video.get("object").asText()).isEqualTo("video");
        assertThat(video.get("status").asText()).isEqualTo("completed");
        assertThat(video.get("seconds").asText()).isEqualTo("4");
        assertThat(video.get("size").asText()).isEqualTo("1280x720");
        assertThat(lastRequest.seconds()).isEqualTo(4);
        assertThat(lastRequest.extensions()).containsEntry("fps", 24L);
        String id = video.get("id").asText();
        assertThat(id).startsWith("video_");

        HttpResponse<byte[]> object = send(request("/v1/videos/" + id).GET(), "sk-a");
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(object.body()).get("id").asText()).isEqualTo(id);

        HttpResponse<byte[]> content = send(request("/v1/videos/" + id + "/content").GET(), "sk-a");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("content-type").orElse("")).startsWith("video/mp4");
        assertThat(content.body()).isEqualTo(MP4);

        assertThat(send(request("/v1/videos/" + id + "/content").GET(), "sk-b").statusCode()).isEqualTo(404);
        assertThat(send(request("/v1/videos/video_nope").GET(), "sk-a").statusCode()).isEqualTo(404);
        assertThat(send(request("/v1/videos/" + id).GET(), "sk-wrong").statusCode()).isEqualTo(401);
    }

    @Test
    public void theSdksMultipartFormWithAnInputImageIsAccepted() throws Exception {
        String boundary = "----sdkboundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwan-video\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nthe cat moves\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"seconds\"\r\n\r\n8\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"cat.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nPNGDATA\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> created = send(request("/v1/videos")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "sk-a");

        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(lastRequest.prompt()).isEqualTo("the cat moves");
        assertThat(lastRequest.seconds()).isEqualTo(8);
        assertThat(lastRequest.inputReference()).isEqualTo("data:image/png;base64,UE5HREFUQQ==");
    }

    @Test
    public void badFieldsAre400() throws Exception {
        HttpResponse<byte[]> response = send(request("/v1/videos").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"prompt\":\"p\",\"size\":\"big\"}")), "sk-a");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/param").asText()).isEqualTo("size");
    }
}
