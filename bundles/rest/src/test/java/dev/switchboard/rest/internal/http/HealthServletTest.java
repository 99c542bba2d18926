package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.HealthReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
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

    @Test
    public void notReadyUntilTheApiAnswersOnTheListenerThenLatched() throws Exception {
        TestServer core = new TestServer();
        core.gateway.health = new HealthReport(true, true, List.of("mock"), List.of("mock"), List.of(), List.of(),
                List.of("round-robin"), "round-robin", 2);
        AtomicBoolean apiServing = new AtomicBoolean(false);
        AtomicInteger probes = new AtomicInteger();
        HealthServlet health = new HealthServlet(core.gateway, core.authenticator, (host, port) -> {
            probes.incrementAndGet();
            return apiServing.get();
        });
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(health), HealthServlet.HEALTH_PATTERN);
        server.setHandler(context);
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/health")).GET().build();

            HttpResponse<String> before = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(before.statusCode()).as("core ready, API not answering yet").isEqualTo(503);
            assertThat(before.body()).contains("\"ready\":false");

            apiServing.set(true);
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            apiServing.set(false);
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("latched: no probe once the API has answered").isEqualTo(200);
            assertThat(probes.get()).isEqualTo(2);
        } finally {
            server.stop();
        }
    }
}
