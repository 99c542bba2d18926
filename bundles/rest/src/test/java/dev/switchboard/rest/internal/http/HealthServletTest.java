package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.HealthReport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class HealthServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Test
    public void answers200WhenReady() throws Exception {
        server.gateway.health = new HealthReport(true, true, List.of("mock"), List.of("mock"), List.of(), List.of(),
                List.of("round-robin"), "round-robin", 2);

        HttpResponse<String> response = server.send(server.authorized("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ready\":true", "\"grid\":\"up\"", "\"providers\":[\"mock\"]");
    }

    @Test
    public void answers503WhenNotReady() throws Exception {
        server.gateway.health = new HealthReport(false, false, List.of(), List.of(), List.of(), List.of(), List.of(),
                null, 0);

        HttpResponse<String> response = server.send(server.authorized("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"live\":true", "\"ready\":false", "\"grid\":\"down\"");
    }

    @Test
    public void answersLivenessAlways() throws Exception {
        server.gateway.health = new HealthReport(false, false, List.of(), List.of(), List.of(), List.of(), List.of(),
                null, 0);

        HttpResponse<String> response = server.send(server.request("/health/live").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"live\":true}");
    }

    @Test
    public void answers503WhileCoreIsAbsentButStaysLive() throws Exception {
        TestServer bare = new TestServer(1024, 1000, false);
        bare.before();
        try {
            assertThat(bare.send(bare.request("/health").GET().build()).statusCode()).isEqualTo(503);
            assertThat(bare.send(bare.request("/health/live").GET().build()).statusCode()).isEqualTo(200);
        } finally {
            bare.after();
        }
    }
}
