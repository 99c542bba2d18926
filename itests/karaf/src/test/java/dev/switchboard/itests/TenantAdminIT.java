package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The admin API in the running distribution with a real HTTP client: tenants and keys round trip, a tenant-admin
 * confined to its tenant, a key's allowed models enforced on /v1, rotation and revocation as the gateway sees
 * them, the OpenAPI document, and the shell's command ACL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TenantAdminIT extends SwitchboardTestSupport {

    private static HttpResponse<String> delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    private static String secret(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("secret").asText();
    }

    @Test
    public void aTenantAdminManagesItsTenantAndNeverSeesAnother() {
        assertThat(postJson("/admin/tenants", ADMIN_KEY, "{\"id\":\"acme-it\",\"name\":\"Acme\"}").statusCode())
                .isEqualTo(201);
        assertThat(postJson("/admin/tenants", ADMIN_KEY, "{\"id\":\"globex-it\"}").statusCode()).isEqualTo(201);
        String acmeAdmin = secret(postJson("/admin/keys", ADMIN_KEY,
                "{\"name\":\"acme ops\",\"tenant\":\"acme-it\",\"role\":\"tenant-admin\"}"));
        HttpResponse<String> globex = postJson("/admin/keys", ADMIN_KEY, "{\"name\":\"globex app\",\"tenant\":\"globex-it\"}");
        String globexApp = secret(globex);
        String globexId = json(globex).get("id").asText();

        String echoOnly = secret(postJson("/admin/keys", acmeAdmin,
                "{\"name\":\"echo app\",\"allowed_models\":[\"mock-echo\"],\"tags\":[\"it\"]}"));
        assertThat(chat(echoOnly, "mock-echo", "hello", "").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = chat(echoOnly, "mock-lorem", "hello", "");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("model_not_allowed");

        HttpResponse<String> own = get("/admin/keys", acmeAdmin);
        assertThat(own.statusCode()).isEqualTo(200);
        List<String> tenants = new ArrayList<>();
        json(own).get("data").forEach(key -> tenants.add(key.get("tenant").asText()));
        assertThat(tenants).isNotEmpty().containsOnly("acme-it");
        assertThat(own.body()).doesNotContain(echoOnly, acmeAdmin, "\"secret\"");

        assertThat(get("/admin/keys/" + globexId, acmeAdmin).statusCode()).isEqualTo(404);
        assertThat(get("/admin/keys?tenant=globex-it", acmeAdmin).statusCode()).isEqualTo(403);
        assertThat(delete("/admin/keys/" + globexId, acmeAdmin).statusCode()).isEqualTo(404);
        assertThat(get("/admin/tenants/globex-it", acmeAdmin).statusCode()).isEqualTo(403);
        assertThat(postJson("/admin/keys", acmeAdmin, "{\"name\":\"x\",\"tenant\":\"globex-it\"}").statusCode())
                .isEqualTo(403);
        assertThat(postJson("/admin/keys", acmeAdmin, "{\"name\":\"x\",\"role\":\"admin\"}").statusCode())
                .isEqualTo(403);
        assertThat(get("/admin/stats", acmeAdmin).statusCode()).isEqualTo(403);
        assertThat(chat(globexApp, "mock-echo", "still works", "").statusCode()).isEqualTo(200);

        assertThat(get("/admin/keys", globexApp).statusCode()).as("an app key administers nothing").isEqualTo(403);
        HttpResponse<String> bad = postJson("/admin/keys", ADMIN_KEY, "{\"name\":\"x\",\"tenant\":\"No Such\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").get("param").asText()).isEqualTo("tenant");
    }

    @Test
    public void aRotatedKeyWorksUnderBothSecretsUntilRevokedThenUnderNeither() {
        HttpResponse<String> created = postJson("/admin/keys", ADMIN_KEY, "{\"name\":\"rotating\"}");
        String first = secret(created);
        String id = json(created).get("id").asText();
        HttpResponse<String> rotated = postJson("/admin/keys/" + id + "/rotate", ADMIN_KEY, "{\"overlap_seconds\":300}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String second = json(rotated).get("secret").asText();

        assertThat(chat(first, "mock-echo", "old secret", "").statusCode()).isEqualTo(200);
        assertThat(chat(second, "mock-echo", "new secret", "").statusCode()).isEqualTo(200);

        assertThat(delete("/admin/keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(200);
        waitFor("both secrets refused", Duration.ofSeconds(1), () ->
                chat(first, "mock-echo", "x", "").statusCode() == 401 && chat(second, "mock-echo", "x", "").statusCode() == 401);
    }

    @Test
    public void theRequestContextHeadersAreAcceptedAndTheOpenApiDocumentIsServed() {
        HttpResponse<String> answered = send(request("/v1/chat/completions", ADMIN_KEY)
                .header("Content-Type", "application/json").header("x-switchboard-user", "end-user-1")
                .header("x-switchboard-session", "session-1")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("mock-echo", "with context", ""))).build());
        assertThat(answered.statusCode()).isEqualTo(200);

        HttpResponse<String> doc = get("/admin/openapi.json", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = json(doc).get("paths");
        assertThat(paths.has("/admin/keys")).isTrue();
        assertThat(paths.has("/admin/tenants/{tenant}/projects")).isTrue();
    }

    @Test
    public void theShellsCommandAclLetsOnlyKarafAdminsCreateKeys() {
        assertThat(executeCommandAs("switchboard:key-create --tenant default viewer-try", "viewer"))
                .startsWith("FAILED").doesNotContain("Secret:");
        assertThat(executeCommandAs("switchboard:key-create --tenant default manager-try", "manager", "viewer"))
                .startsWith("FAILED").doesNotContain("Secret:");
        assertThat(executeCommandAs("switchboard:key-list", "manager", "viewer")).doesNotStartWith("FAILED");
        assertThat(executeCommandAs("switchboard:tenant-list", "viewer")).contains("default");
        assertThat(executeCommandAs("switchboard:key-create --tenant default --role operator ops-key",
                "admin", "manager", "viewer")).contains("Secret: sk-sb-", "role operator");
    }
}
