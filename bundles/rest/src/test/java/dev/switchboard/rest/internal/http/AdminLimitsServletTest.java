package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.Rule;
import org.junit.Test;

public class AdminLimitsServletTest {

    @Rule
    public final TestServer server = new TestServer();

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    public void listsEveryLimitWithItsUseAndDefinitions() throws Exception {
        HttpResponse<String> response = send("GET", "/admin/limits", TestServer.ADMIN_KEY, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/data")).hasSize(2);
        assertThat(body.at("/data/1/name").asText()).isEqualTo("key-rpm");
        assertThat(body.at("/data/1/used").asLong()).isEqualTo(17);
        assertThat(body.at("/data/1/mode").asText()).isEqualTo("local");
        assertThat(body.at("/definitions")).hasSize(2);

        JsonNode budgets = json(send("GET", "/admin/budgets", TestServer.ADMIN_KEY, null));
        assertThat(budgets.at("/data")).hasSize(1);
        assertThat(budgets.at("/data/0/resets_at").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(budgets.at("/definitions/0/definition").asText()).startsWith("name=acme;");
        assertThat(budgets.at("/definitions/0/source").asText()).isEqualTo("file");
        assertThat(body.at("/definitions/1/source").asText()).isEqualTo("cluster");
    }

    @Test
    public void definesReplacesAndRemovesAtRunTime() throws Exception {
        HttpResponse<String> put = send("PUT", "/admin/budgets/globex", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=globex; scope=tenant:globex; limit.usd=5\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).at("/strategy").asText()).isEqualTo("budget");
        assertThat(json(put).at("/source").asText()).isEqualTo("cluster");
        assertThat(server.limits.definitions("budget")).extracting(d -> d.name()).contains("globex");

        HttpResponse<String> limit = send("PUT", "/admin/limits/tenant-tpm", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=tenant-tpm; scope=tenant:*; dimension=tokens; limit=1000; mode=exact\"}");
        assertThat(limit.statusCode()).isEqualTo(200);
        assertThat(json(limit).at("/strategy").asText()).isEqualTo("rate-limit");

        assertThat(send("DELETE", "/admin/budgets/globex", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/admin/budgets/globex", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(404);
        HttpResponse<String> fileOnly = send("DELETE", "/admin/budgets/acme", TestServer.ADMIN_KEY, null);
        assertThat(fileOnly.statusCode()).as("a node's file entry is changed in the file").isEqualTo(409);
        assertThat(json(fileOnly).at("/error/code").asText()).isEqualTo("limit_conflict");
    }

    @Test
    public void resetsAWindowAndSays404ForAnUnknownLimit() throws Exception {
        assertThat(send("POST", "/admin/budgets/acme/reset", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(server.limits.resets).containsExactly("budget/acme");
        HttpResponse<String> unknown = send("POST", "/admin/limits/nope/reset", TestServer.ADMIN_KEY, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/error/code").asText()).isEqualTo("limit_not_found");
    }

    @Test
    public void badInputIsA4xxInOpenAisShape() throws Exception {
        HttpResponse<String> notJson = send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY, "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY, "[]").statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY, "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> invalid = send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=x; limit.usd=5\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).at("/error/message").asText()).contains("needs name, scope and limit");
        HttpResponse<String> mismatch = send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=y; scope=*; limit.usd=5\"}");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(json(mismatch).at("/error/message").asText()).contains("'x'");
        assertThat(send("PUT", "/admin/limits/x", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=x; scope=*; limit=5\",\"strategy\":\"nope\"}").statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY,
                "{\"definition\":\"name=x; scope=*; limit.usd=5\",\"strategy\":\"rate-limit\"}").statusCode())
                .isEqualTo(400);
        assertThat(send("PUT", "/admin/budgets/a%20b", TestServer.ADMIN_KEY, "{}").statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/admin/budgets/x", TestServer.ADMIN_KEY,
                "{\"definition\":\"" + "a".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(send("PATCH", "/admin/budgets/x", TestServer.ADMIN_KEY, "{}").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/admin/budgets/x/y/z", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(404);
    }

    @Test
    public void aWrongMethodOnAKnownPathIsA405NamingTheMethodsItTakes() throws Exception {
        assertNotAllowed(send("POST", "/admin/limits", TestServer.ADMIN_KEY, "{}"), "GET");
        assertNotAllowed(send("DELETE", "/admin/budgets", TestServer.ADMIN_KEY, null), "GET");
        assertNotAllowed(send("GET", "/admin/limits/key-rpm", TestServer.ADMIN_KEY, null), "PUT, DELETE");
        assertNotAllowed(send("GET", "/admin/limits/key-rpm/reset", TestServer.ADMIN_KEY, null), "POST");
        assertNotAllowed(send("PUT", "/admin/budgets/acme/reset", TestServer.ADMIN_KEY, "{}"), "POST");
        assertThat(send("PATCH", "/admin/limits/key-rpm", TestServer.ADMIN_KEY, "{}").statusCode()).isEqualTo(405);
        assertThat(server.limits.resets).isEmpty();
        for (String path : new String[] {"/admin/limits/a/b/c", "/admin/limits/key-rpm/other"}) {
            HttpResponse<String> unknown = send("POST", path, TestServer.ADMIN_KEY, null);
            assertThat(unknown.statusCode()).as(path).isEqualTo(404);
            assertThat(json(unknown).at("/error/message").asText()).startsWith("Invalid URL");
        }
    }

    private static void assertNotAllowed(HttpResponse<String> response, String allowed) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("method_not_allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
    }

    @Test
    public void onlyAdminKeysMayReadOrChangeLimits() throws Exception {
        assertThat(send("GET", "/admin/limits", TestServer.GOOD_KEY, null).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/admin/budgets/globex", TestServer.GOOD_KEY,
                "{\"definition\":\"name=globex; scope=tenant:globex; limit.usd=5\"}").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/budgets", "sk-wrong", null).statusCode()).isEqualTo(401);
        assertThat(server.limits.definitions("budget")).extracting(d -> d.name()).doesNotContain("globex");
    }

    @Test
    public void anOperatorReadsLimitsButOnlyAnAdminDefinesThem() throws Exception {
        assertThat(send("GET", "/admin/limits", TestServer.OPERATOR_KEY, null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/admin/budgets/globex", TestServer.OPERATOR_KEY,
                "{\"definition\":\"name=globex; scope=tenant:globex; limit.usd=5\"}").statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/admin/budgets/acme2", TestServer.TENANT_ADMIN_KEY,
                "{\"definition\":\"name=acme2; scope=tenant:acme; limit.usd=500\"}").statusCode()).isEqualTo(403);
        assertThat(server.limits.definitions("budget")).extracting(d -> d.name()).doesNotContain("globex", "acme2");
    }
}
