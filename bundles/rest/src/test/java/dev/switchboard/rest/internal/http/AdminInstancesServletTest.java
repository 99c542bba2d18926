package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.api.ProviderChecks;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Servlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code /admin/instances}: list with circuits, add as a factory configuration (the key never echoed), remove,
 * test; admin keys only; bad input a 400, an unknown type a 400, a taken id a 409.
 */
public class AdminInstancesServletTest {

    private static final String SECRET = "sk-upstream-secret-123";

    private final FakeGateway gateway = new FakeGateway();
    private final Map<String, Dictionary<String, Object>> configs = new ConcurrentHashMap<>();
    private final TestServer keys = new TestServer();
    private Server server;
    private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    private int port;

    private final InstanceConfigurations configurations = new InstanceConfigurations() {
        @Override
        public Map<String, String> pidsById() {
            Map<String, String> pids = new TreeMap<>();
            configs.keySet().forEach(id -> pids.put(id, "dev.switchboard.instance~" + id));
            return pids;
        }

        @Override
        public String create(String id, Dictionary<String, Object> properties) {
            configs.put(id, properties);
            return "dev.switchboard.instance~" + id;
        }

        @Override
        public boolean delete(String id) {
            return configs.remove(id) != null;
        }

        @Override
        public boolean fromFile(String pid) {
            return false;
        }

        @Override
        public boolean providerConfiguredOn(String type) {
            return false;
        }
    };

    private final Circuits circuits = new Circuits() {
        @Override
        public List<CircuitReport> circuits() {
            return List.of(new CircuitReport("mock-main", "OPEN", 1000, 0.5));
        }

        @Override
        public boolean resetCircuit(String instanceId) {
            return true;
        }
    };

    private final ProviderChecks checks = new ProviderChecks() {
        @Override
        public List<String> instanceIds() {
            return List.of("mock-main");
        }

        @Override
        public CompletionStage<ProviderCheckReport> test(String instanceId, boolean chat) {
            if (!instanceId.equals("mock-main")) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("unknown"));
            }
            return CompletableFuture.completedFuture(new ProviderCheckReport(instanceId, "check", true, 12, "ok"));
        }
    };

    @Before
    public void start() throws Exception {
        gateway.health = new HealthReport(true, true, List.of("mock", "openai-compatible"), List.of("mock-main"),
                List.of(), List.of(), List.of(), "round-robin", 1);
        gateway.models = List.of(new ModelListing(ModelInfo.text("mock-1", "0", "0", 1000), List.of("mock-main"),
                List.of("mock")));
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        Servlet servlet = new AdminInstancesServlet(gateway, keys.authenticator, circuits, checks, configurations);
        context.addServlet(new ServletHolder(servlet), AdminInstancesServlet.PATTERN);
        context.addServlet(new ServletHolder(servlet), AdminInstancesServlet.PATTERN + "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String id, String type) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"base_url\":\"http://127.0.0.1:9/v1\","
                + "\"api_key\":\"" + SECRET + "\",\"models\":[\"m-a\",\"m-b\"],\"weight\":2,"
                + "\"settings\":{\"request.timeout.ms\":\"500\",\"aws.secret.key\":\"hidden-too\"}}";
    }

    @Test
    public void listsInstancesWithTheirCircuitAndModels() throws Exception {
        HttpResponse<String> response = send("GET", "/admin/instances", TestServer.ADMIN_KEY, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":\"mock-main\"", "\"type\":\"mock\"", "\"models\":[\"mock-1\"]",
                "\"serving\":true", "\"state\":\"OPEN\"", "\"source\":\"provider\"", "\"removable\":false");
    }

    @Test
    public void addsAFactoryConfigurationLikeAFileAndNeverEchoesOrLogsTheKey() throws Exception {
        HttpResponse<String> response = send("POST", "/admin/instances", TestServer.ADMIN_KEY,
                body("eu", "openai-compatible"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin/instances/eu");
        assertThat(response.body()).contains("\"id\":\"eu\"", "\"api_key\":\"***\"", "\"aws.secret.key\":\"***\"",
                "\"request.timeout.ms\":\"500\"", "\"pid\":\"dev.switchboard.instance~eu\"")
                .doesNotContain(SECRET, "hidden-too");
        Dictionary<String, Object> properties = configs.get("eu");
        assertThat(properties.get("id")).isEqualTo("eu");
        assertThat(properties.get("type")).isEqualTo("openai-compatible");
        assertThat(properties.get("base.url")).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(properties.get("api.key")).isEqualTo(SECRET);
        assertThat((String[]) properties.get("models")).containsExactly("m-a", "m-b");
        assertThat(properties.get("weight")).isEqualTo("2");
        assertThat(properties.get("request.timeout.ms")).isEqualTo("500");

        HttpResponse<String> list = send("GET", "/admin/instances", TestServer.ADMIN_KEY, null);
        assertThat(list.body()).contains("\"id\":\"eu\"", "\"source\":\"configuration\"", "\"removable\":true")
                .doesNotContain(SECRET);

        assertThat(send("POST", "/admin/instances", TestServer.ADMIN_KEY, body("eu", "openai-compatible"))
                .statusCode()).isEqualTo(409);
        assertThat(send("POST", "/admin/instances", TestServer.ADMIN_KEY, body("mock-main", "mock"))
                .statusCode()).isEqualTo(409);

        HttpResponse<String> removed = send("DELETE", "/admin/instances/eu", TestServer.ADMIN_KEY, null);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body()).contains("\"deleted\":true");
        assertThat(configs).isEmpty();
        assertThat(send("DELETE", "/admin/instances/eu", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/admin/instances/mock-main", TestServer.ADMIN_KEY, null).statusCode())
                .isEqualTo(409);
    }

    @Test
    public void badAddRequestsAre400sNamingTheField() throws Exception {
        for (String bad : List.of("not json", "[]", "{\"type\":\"mock\"}", "{\"id\":\"a b\",\"type\":\"mock\"}",
                "{\"id\":\"x\",\"type\":\"no-such-type\"}", "{\"id\":\"x\",\"type\":\"mock\",\"weight\":-1}",
                "{\"id\":\"x\",\"type\":\"mock\",\"models\":{}}", "{\"id\":\"x\",\"type\":\"mock\",\"base_url\":\"ftp://a\"}",
                "{\"id\":\"x\",\"type\":\"mock\",\"settings\":{\"service.pid\":\"p\"}}",
                "{\"id\":\"x\",\"type\":\"mock\",\"settings\":{\"api.key\":\"p\"}}")) {
            HttpResponse<String> response = send("POST", "/admin/instances", TestServer.ADMIN_KEY, bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).startsWith("{\"error\":{");
        }
        assertThat(send("POST", "/admin/instances", TestServer.ADMIN_KEY,
                "{\"id\":\"x\",\"type\":\"no-such-type\"}").body()).contains("unknown_provider_type");
        assertThat(configs).isEmpty();
    }

    @Test
    public void testsAnInstanceAndSaysWhenThereIsNone() throws Exception {
        HttpResponse<String> passed = send("POST", "/admin/instances/mock-main/test", TestServer.ADMIN_KEY, null);
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.body()).contains("\"passed\":true", "\"method\":\"check\"", "\"latency_ms\":12");

        assertThat(send("POST", "/admin/instances/nope/test", TestServer.ADMIN_KEY, null).statusCode())
                .isEqualTo(404);
        assertThat(send("POST", "/admin/instances/mock-main/other", TestServer.ADMIN_KEY, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/admin/instances/mock-main/test", TestServer.ADMIN_KEY, null).statusCode())
                .isEqualTo(405);
    }

    @Test
    public void onlyAdminKeysListAddRemoveOrTest() throws Exception {
        assertThat(send("GET", "/admin/instances", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/instances", TestServer.GOOD_KEY, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/admin/instances", TestServer.GOOD_KEY, body("eu", "mock")).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/admin/instances/mock-main", TestServer.GOOD_KEY, null).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/admin/instances/mock-main/test", TestServer.GOOD_KEY, null).statusCode())
                .isEqualTo(403);
        assertThat(configs).isEmpty();
    }

    @Test
    public void anOperatorListsAndTestsButOnlyAnAdminAddsOrRemoves() throws Exception {
        assertThat(send("GET", "/admin/instances", TestServer.OPERATOR_KEY, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/instances", TestServer.OPERATOR_KEY, body("eu", "mock")).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/admin/instances/mock-main", TestServer.OPERATOR_KEY, null).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/admin/instances", TestServer.TENANT_ADMIN_KEY, null).statusCode()).isEqualTo(403);
        assertThat(configs).isEmpty();
    }
}
