package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.StatsReport;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@code /admin/stats} is what {@code switchboard:stats} shows, as JSON, for an admin key only. */
public class AdminStatsServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Before
    public void figures() {
        server.gateway.stats = new StatsReport(
                List.of(new StatsReport.Row("openai-eu", "gpt-4o", 10, 1, 100, 50, new BigDecimal("0.00125"), 12.5,
                        40.0, 80.0)),
                3, 2, List.of(new StatsReport.Failures("openai-eu", "TIMEOUT", 1)));
    }

    @Test
    public void anAdminKeyGetsTheFigures() throws Exception {
        HttpResponse<String> response = server.send(server.asAdmin("/admin/stats").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.body()).contains("\"instance\":\"openai-eu\"", "\"model\":\"gpt-4o\"",
                "\"requests\":10", "\"errors\":1", "\"prompt_tokens\":100", "\"cost_usd\":0.00125",
                "\"p50\":12.5", "\"cache_hits\":3", "\"quota_denials\":2", "\"code\":\"TIMEOUT\"");
    }

    @Test
    public void withoutAKeyA401InOpenAisShape() throws Exception {
        HttpResponse<String> response = server.send(server.request("/admin/stats").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).startsWith("{\"error\":{").doesNotContain("openai-eu");
    }

    @Test
    public void anApplicationKeyIsRefused() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/admin/stats").GET().build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"type\":\"permission_error\"").doesNotContain("gpt-4o");
    }

    @Test
    public void anOperatorReadsTheFiguresAndATenantAdminDoesNot() throws Exception {
        HttpResponse<String> operator = server.send(server.request("/admin/stats")
                .header("Authorization", "Bearer " + TestServer.OPERATOR_KEY).GET().build());
        assertThat(operator.statusCode()).isEqualTo(200);
        HttpResponse<String> tenantAdmin = server.send(server.request("/admin/stats")
                .header("Authorization", "Bearer " + TestServer.TENANT_ADMIN_KEY).GET().build());
        assertThat(tenantAdmin.statusCode()).as("figures span every tenant").isEqualTo(403);
        assertThat(tenantAdmin.body()).doesNotContain("openai-eu");
    }
}
