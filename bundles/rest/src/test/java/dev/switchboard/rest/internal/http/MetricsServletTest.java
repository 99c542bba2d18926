package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.MetricNames;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@code /metrics} is for an admin key only, and answers the Prometheus text format. */
public class MetricsServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Before
    public void traffic() {
        server.registry.counter(MetricNames.tagged("switchboard.route.errors", "instance", "openai-eu", "model", "gpt-4o"))
                .inc(2);
    }

    @Test
    public void anAdminKeyGetsTheTextFormat() throws Exception {
        HttpResponse<String> response = server.send(server.asAdmin("/metrics").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).contains("switchboard_route_errors{instance=\"openai-eu\",model=\"gpt-4o\",} 2.0");
    }

    @Test
    public void withoutAKeyA401AndNoFigures() throws Exception {
        HttpResponse<String> response = server.send(server.request("/metrics").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"invalid_api_key\"").doesNotContain("openai-eu");
    }

    @Test
    public void anApplicationKeyIsRefused() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/metrics").GET().build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"admin_key_required\"").doesNotContain("openai-eu");
    }

    @Test
    public void aWrongKeyA401() throws Exception {
        HttpResponse<String> response = server.send(server.request("/metrics")
                .header("Authorization", "Bearer sk-wrong").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    public void onlyGet() throws Exception {
        HttpResponse<String> response = server.send(server.asAdmin("/metrics")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(405);
    }
}
