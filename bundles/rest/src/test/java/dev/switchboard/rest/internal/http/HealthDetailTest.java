package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.HealthReport;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@code /health} tells a load balancer live and ready; what is deployed only to a caller with a key. */
public class HealthDetailTest {

    @Rule
    public final TestServer server = new TestServer();

    @Before
    public void deployment() {
        server.gateway.health = new HealthReport(true, true, List.of("openai"), List.of("openai-eu"),
                List.of("memory"), List.of("rpm"), List.of("round-robin"), "round-robin", 3);
    }

    @Test
    public void withoutAKeyOnlyLiveAndReady() throws Exception {
        HttpResponse<String> response = server.send(server.request("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"live\":true,\"ready\":true}");
    }

    @Test
    public void withAValidKeyTheDetail() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"providers\":[\"openai\"]", "\"instances\":[\"openai-eu\"]",
                "\"caches\":[\"memory\"]");
    }

    @Test
    public void withAWrongKeyA401AndNoDetail() throws Exception {
        HttpResponse<String> response = server.send(server.request("/health")
                .header("Authorization", "Bearer sk-wrong").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("openai");
    }

    @Test
    public void notReadyWithoutAKeyIsStillA503() throws Exception {
        server.gateway.health = new HealthReport(false, true, List.of("openai"), List.of(), List.of(), List.of(),
                List.of(), null, 0);

        HttpResponse<String> response = server.send(server.request("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"live\":true,\"ready\":false}");
    }

    @Test
    public void aModelWhoseEveryCircuitIsOpenMakesIt503AndOnlyAKeyLearnsWhichModel() throws Exception {
        server.gateway.health = new HealthReport(false, true, List.of("openai"), List.of("openai-eu"), List.of(),
                List.of(), List.of(), null, 2, Map.of(), List.of(), List.of(), List.of("gpt-4.1"));

        HttpResponse<String> anonymous = server.send(server.request("/health").GET().build());
        HttpResponse<String> keyed = server.send(server.authorized("/health").GET().build());

        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(anonymous.body()).isEqualTo("{\"live\":true,\"ready\":false}");
        assertThat(keyed.statusCode()).isEqualTo(503);
        assertThat(keyed.body()).contains("\"ready\":false", "\"unserved_models\":[\"gpt-4.1\"]");
    }

    @Test
    public void theDetailSaysNoModelIsUnservedWhenAllCanServe() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/health").GET().build());

        assertThat(response.body()).contains("\"unserved_models\":[]");
    }
}
