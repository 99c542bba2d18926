package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.internal.auth.KeyRing;
import dev.switchboard.core.internal.auth.TenantDirectory;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.store.DirectoryStore;
import dev.switchboard.store.KeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The admin API over HTTP against core's real key ring and directory (in-memory stores, no grid): the round
 * trip, the roles, one tenant never seeing another's keys, bad input as a 4xx in OpenAI's shape, never a 5xx.
 */
public class AdminApiServletTest {

    private static final String ADMIN = "sk-test-bootstrap-admin";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KeyRing ring;
    private Server server;
    private int port;

    @Before
    public void start() throws Exception {
        ClusterSecret secret = ClusterSecret.of("admin-api-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
        ring = new KeyRing(new ConcurrentHashMap<>(), new MemoryKeys(), null, secret);
        ring.load();
        ring.bootstrap(ADMIN);
        TenantDirectory directory = new TenantDirectory(new ConcurrentHashMap<>(), new MemoryDirectory(), secret);
        directory.load();
        // as KeyRingComponent does: a key's tenant must exist
        ApiKeys keys = new ApiKeys() {
            @Override
            public IssuedKey create(KeySpec spec) {
                if (spec.tenant() != null && directory.tenant(spec.tenant()).isEmpty()) {
                    throw new IllegalArgumentException("tenant: no tenant '" + spec.tenant() + "'");
                }
                return ring.create(spec);
            }

            @Override
            public java.util.Optional<IssuedKey> rotate(String keyId, Duration overlap) {
                return ring.rotate(keyId, overlap);
            }

            @Override
            public List<KeyInfo> list() {
                return ring.list();
            }

            @Override
            public java.util.Optional<KeyInfo> get(String keyId) {
                return ring.get(keyId);
            }

            @Override
            public boolean revoke(String keyId) {
                return ring.revoke(keyId);
            }
        };
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder keysServlet = new ServletHolder(new AdminKeysServlet(ring, keys));
        context.addServlet(keysServlet, AdminKeysServlet.PATTERN);
        context.addServlet(keysServlet, AdminKeysServlet.PATTERN + "/*");
        ServletHolder tenants = new ServletHolder(new AdminTenantsServlet(ring, directory));
        context.addServlet(tenants, AdminTenantsServlet.PATTERN);
        context.addServlet(tenants, AdminTenantsServlet.PATTERN + "/*");
        context.addServlet(new ServletHolder(new AdminOpenApiServlet()), AdminOpenApiServlet.PATTERN);
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(500);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return AdminJson.MAPPER.readTree(response.body());
    }

    private String createKey(String asKey, String body) throws Exception {
        HttpResponse<String> created = call("POST", "/admin/keys", asKey, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("secret").asText();
    }

    @Test
    public void anAdminCreatesTenantsAndKeysAndATenantAdminStaysInsideItsTenant() throws Exception {
        assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"acme\",\"name\":\"Acme\"}").statusCode())
                .isEqualTo(201);
        assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"globex\"}").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"globex\"}").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/admin/tenants/acme/projects", ADMIN, "{\"id\":\"shop\"}").statusCode())
                .isEqualTo(201);

        String acmeAdmin = createKey(ADMIN, "{\"name\":\"acme ops\",\"tenant\":\"acme\",\"role\":\"tenant-admin\"}");
        String globexApp = createKey(ADMIN, "{\"name\":\"globex app\",\"tenant\":\"globex\"}");
        String globexKeyId = ring.authenticate(globexApp).map(Caller::keyId).orElseThrow();

        HttpResponse<String> created = call("POST", "/admin/keys", acmeAdmin, "{\"name\":\"web\",\"project\":\"shop\","
                + "\"allowed_models\":[\"gpt-4o-mini\"],\"tags\":[\"beta\"],\"metadata\":{\"owner\":\"ann\"},"
                + "\"cache\":\"off\",\"expires_in\":3600}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode web = json(created);
        assertThat(web.get("tenant").asText()).as("a tenant-admin's keys are its tenant's").isEqualTo("acme");
        assertThat(web.get("role").asText()).isEqualTo("app");
        assertThat(web.get("secret").asText()).startsWith("sk-sb-");
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        Caller webCaller = ring.authenticate(web.get("secret").asText()).orElseThrow();
        assertThat(webCaller.project()).isEqualTo("shop");
        assertThat(webCaller.mayUse("gpt-4o")).isFalse();

        // the tenant-admin sees its tenant only
        HttpResponse<String> list = call("GET", "/admin/keys", acmeAdmin, null);
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> tenants = new ArrayList<>();
        json(list).get("data").forEach(key -> tenants.add(key.get("tenant").asText()));
        assertThat(tenants).isNotEmpty().containsOnly("acme");
        assertThat(list.body()).doesNotContain("\"secret\"", web.get("secret").asText());

        assertThat(call("GET", "/admin/keys?tenant=globex", acmeAdmin, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/keys/" + globexKeyId, acmeAdmin, null).statusCode())
                .as("another tenant's key is not there").isEqualTo(404);
        assertThat(call("DELETE", "/admin/keys/" + globexKeyId, acmeAdmin, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/admin/keys/" + globexKeyId + "/rotate", acmeAdmin, "{}").statusCode())
                .isEqualTo(404);
        assertThat(ring.authenticate(globexApp)).as("untouched").isPresent();
        assertThat(call("POST", "/admin/keys", acmeAdmin, "{\"name\":\"x\",\"tenant\":\"globex\"}").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/admin/keys", acmeAdmin, "{\"name\":\"x\",\"role\":\"admin\"}").statusCode())
                .as("no more than it holds").isEqualTo(403);
        assertThat(call("GET", "/admin/tenants/globex", acmeAdmin, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/tenants/no-such", acmeAdmin, null).statusCode())
                .as("the same answer whether it exists or not").isEqualTo(403);
        assertThat(call("GET", "/admin/tenants/globex/users", acmeAdmin, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/admin/tenants", acmeAdmin, "{\"id\":\"mine\"}").statusCode()).isEqualTo(403);
        JsonNode ownTenants = json(call("GET", "/admin/tenants", acmeAdmin, null)).get("data");
        assertThat(ownTenants).hasSize(1);
        assertThat(ownTenants.get(0).get("id").asText()).isEqualTo("acme");

        // users: a tenant-admin may add app users and tenant-admins to its tenant, not admins
        assertThat(call("POST", "/admin/tenants/acme/users", acmeAdmin, "{\"id\":\"bob\",\"role\":\"app\"}")
                .statusCode()).isEqualTo(201);
        assertThat(call("POST", "/admin/tenants/acme/users", acmeAdmin, "{\"id\":\"eve\",\"role\":\"admin\"}")
                .statusCode()).isEqualTo(403);

        // an app key does nothing administrative
        assertThat(call("GET", "/admin/keys", globexApp, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/tenants", globexApp, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/keys", null, null).statusCode()).isEqualTo(401);

        // an operator reads every tenant and changes nothing
        String operator = createKey(ADMIN, "{\"name\":\"ops\",\"role\":\"operator\"}");
        assertThat(json(call("GET", "/admin/keys", operator, null)).get("data").size()).isGreaterThanOrEqualTo(4);
        assertThat(call("GET", "/admin/tenants/globex", operator, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/admin/keys", operator, "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/admin/keys/" + globexKeyId, operator, null).statusCode()).isEqualTo(403);
    }

    @Test
    public void rotateKeepsTheOldSecretForTheOverlapAndRevokeEndsBoth() throws Exception {
        String first = createKey(ADMIN, "{\"name\":\"app\"}");
        String id = ring.authenticate(first).map(Caller::keyId).orElseThrow();
        HttpResponse<String> rotated = call("POST", "/admin/keys/" + id + "/rotate", ADMIN, "{\"overlap_seconds\":60}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        String second = json(rotated).get("secret").asText();
        assertThat(json(rotated).get("previous_secret_expires_at").isNumber()).isTrue();
        assertThat(ring.authenticate(first)).isPresent();
        assertThat(ring.authenticate(second)).isPresent();

        HttpResponse<String> one = call("GET", "/admin/keys/" + id, ADMIN, null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).doesNotContain(first, second, "\"secret\"");

        assertThat(call("DELETE", "/admin/keys/" + id, ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(ring.authenticate(first)).isEmpty();
        assertThat(ring.authenticate(second)).isEmpty();
        assertThat(call("DELETE", "/admin/keys/" + id, ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    public void badInputIsA4xxInOpenAisShapeNamingTheField() throws Exception {
        Map<String, String> bodies = Map.of(
                "{", "",
                "[1]", "",
                "{\"tenant\":\"default\"}", "name",
                "{\"name\":\"x\",\"tenant\":\"Not A Slug\"}", "tenant",
                "{\"name\":\"x\",\"tenant\":\"nobody\"}", "tenant",
                "{\"name\":\"x\",\"role\":\"king\"}", "",
                "{\"name\":\"x\",\"expires_in\":\"soon\"}", "expires_in",
                "{\"name\":\"x\",\"expires_at\":5}", "expires_at",
                "{\"name\":\"x\",\"tags\":\"a\"}", "tags",
                "{\"name\":\"x\",\"cache\":\"sometimes\"}", "");
        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            HttpResponse<String> response = call("POST", "/admin/keys", ADMIN, bad.getKey());
            assertThat(response.statusCode()).as(bad.getKey() + " -> " + response.body()).isEqualTo(400);
            JsonNode error = json(response).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            if (!bad.getValue().isEmpty()) {
                assertThat(error.get("param").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            }
        }
        assertThat(call("POST", "/admin/keys/nope/rotate", ADMIN, "{\"overlap_seconds\":-1}").statusCode())
                .isIn(400, 404);
        assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"a/b\"}").statusCode()).isEqualTo(400);
        assertThat(call("DELETE", "/admin/tenants/default", ADMIN, null).statusCode()).isEqualTo(409);
        assertThat(call("PATCH", "/admin/keys", ADMIN, "{}").statusCode()).isEqualTo(405);
        assertThat(call("GET", "/admin/keys/a/b/c", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    public void aWrongMethodOnAKnownPathIsA405NamingTheMethodsItTakes() throws Exception {
        assertNotAllowed(call("POST", "/admin/keys/some-key", ADMIN, "{}"), "GET, DELETE");
        assertNotAllowed(call("GET", "/admin/keys/some-key/rotate", ADMIN, null), "POST");
        assertNotAllowed(call("PUT", "/admin/tenants", ADMIN, "{}"), "GET, POST");
        assertNotAllowed(call("POST", "/admin/tenants/default", ADMIN, "{}"), "GET, PUT, DELETE");
        assertNotAllowed(call("DELETE", "/admin/tenants/default/users", ADMIN, null), "GET, POST");
        assertNotAllowed(call("POST", "/admin/tenants/default/projects/shop", ADMIN, "{}"), "GET, PUT, DELETE");
        HttpResponse<String> unknown = call("POST", "/admin/keys/some-key/other", ADMIN, "{}");
        assertThat(unknown.statusCode()).as("a path shape that does not exist").isEqualTo(404);
        assertThat(json(unknown).at("/error/message").asText()).startsWith("Invalid URL");
    }

    private static void assertNotAllowed(HttpResponse<String> response, String allowed) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("method_not_allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
    }

    @Test
    public void anExpiryTooFarOutIsA400NotA500OrAPastDate() throws Exception {
        for (String field : List.of("expires_at", "expires_in")) {
            for (long value : new long[] {Long.MAX_VALUE, Long.MAX_VALUE / 1000}) {
                HttpResponse<String> response = call("POST", "/admin/keys", ADMIN,
                        "{\"name\":\"far\",\"" + field + "\":" + value + "}");
                assertThat(response.statusCode()).as(field + "=" + value + " -> " + response.body()).isEqualTo(400);
                assertThat(json(response).get("error").get("param").asText()).isEqualTo(field);
            }
        }
        HttpResponse<String> farButFine = call("POST", "/admin/keys", ADMIN,
                "{\"name\":\"far\",\"expires_in\":" + 50L * 365 * 24 * 3600 + "}");
        assertThat(farButFine.statusCode()).as(farButFine.body()).isEqualTo(201);
    }

    @Test
    public void theOpenApiDocumentDescribesTheAdminPaths() throws Exception {
        HttpResponse<String> response = call("GET", "/admin/openapi.json", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json(response);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/admin/keys/{id}/rotate")).isTrue();
        assertThat(doc.get("paths").has("/admin/tenants/{tenant}/users/{id}")).isTrue();
    }

    private static final class MemoryKeys implements KeyStore {
        private final Map<String, String> active = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> active() {
            return Map.copyOf(active);
        }

        @Override
        public void put(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
            active.put(keyedHash, signedRecord);
        }

        @Override
        public boolean add(String keyedHash, String keyId, String signedRecord, long createdEpochMillis) {
            return active.putIfAbsent(keyedHash, signedRecord) == null;
        }

        @Override
        public boolean revoke(String keyedHash) {
            return active.remove(keyedHash) != null;
        }
    }

    private static final class MemoryDirectory implements DirectoryStore {
        private final Map<String, Entry> rows = new ConcurrentHashMap<>();

        @Override
        public List<Entry> all() {
            return List.copyOf(rows.values());
        }

        @Override
        public void put(Entry entry) {
            rows.put(entry.kind() + "/" + entry.tenant() + "/" + entry.id(), entry);
        }

        @Override
        public boolean remove(String kind, String tenant, String id) {
            return rows.remove(kind + "/" + tenant + "/" + id) != null;
        }
    }
}
