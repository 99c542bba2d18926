package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.rest.internal.json.Json;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/** Paths whose meaning depends on decoding are refused before any endpoint sees them; sent raw over a socket. */
public class PathHygieneTest {

    @Rule
    public final TestServer server = new TestServer();

    @Test
    public void anEncodedTraversalDoesNotReachHealth() throws Exception {
        server.gateway.health = new HealthReport(true, true, List.of("secret-provider"), List.of("internal-1"),
                List.of(), List.of(), List.of(), null, 1);

        for (String path : List.of("/v1/models/..%2f..%2fhealth", "/v1/models/..%2F..%2Fhealth",
                "/v1/models/%2e%2e/%2e%2e/health", "/v1/models/.%2E/.%2e/health",
                "/v1/models/..%5c..%5chealth", "/v1/models/a%2fb", "/v1/./models", "/v1/models/x/..")) {
            RawHttp response = RawHttp.send(server.port(), "GET", path);

            assertThat(response.status).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("x-request-id")).as(path).startsWith("req_");
            JsonNode error = Json.MAPPER.readTree(response.body).get("error");
            assertThat(error.get("code").asText()).as(path).isEqualTo("invalid_path");
            assertThat(response.body).doesNotContain("secret-provider", "internal-1");
        }
    }

    @Test
    public void pathParameterTraversalIsRefusedByJettyItself() throws Exception {
        server.gateway.health = new HealthReport(true, true, List.of("secret-provider"), List.of(), List.of(),
                List.of(), List.of(), null, 1);
        // Jetty 9.4 refuses this one while parsing the request, before any filter: its own 400, not our JSON
        RawHttp response = RawHttp.send(server.port(), "GET", "/v1/models/..;/..;/health");
        assertThat(response.status).isEqualTo(400);
        assertThat(response.body).doesNotContain("secret-provider");
        assertThat(PathGuard.refuses("/v1/models/..;/..;/health")).as("and so would we").isTrue();
    }

    @Test
    public void ordinaryPathsStillWork() throws Exception {
        assertThat(RawHttp.send(server.port(), "GET", "/health").status).isEqualTo(200);
        assertThat(RawHttp.send(server.port(), "GET", "/v1/models/gpt%204.1..x",
                "Authorization: Bearer " + TestServer.GOOD_KEY).status).as("dots inside a segment are fine")
                .isEqualTo(404);
        assertThat(PathGuard.refuses("/v1/models/org/model-v1.5")).isFalse();
        assertThat(PathGuard.refuses("/v1/models/...")).as("three dots are a name").isFalse();
        assertThat(PathGuard.refuses("/v1/models/a\\b")).isTrue();
    }
}
