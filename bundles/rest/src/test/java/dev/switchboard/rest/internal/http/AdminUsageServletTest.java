package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.UsageQuery.Dimension;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@code /admin/usage}: the store's report as JSON or CSV, for an admin key only; bad input is a 400. */
public class AdminUsageServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Before
    public void rows() {
        server.usage.rows = List.of(
                FakeUsageReports.row(List.of("acme", "2024-05-01"), 3, "0.25"),
                FakeUsageReports.row(Arrays.asList("say \"hi\", all", null), 2, "0.0000001"),
                FakeUsageReports.row(List.of("globex", "2024-05-02"), 1, "1"));
    }

    @Test
    public void jsonGroupsTotalsAndPages() throws Exception {
        HttpResponse<String> response = server.send(server.asAdmin(
                "/admin/usage?from=2024-05-01&to=2024-05-02&group_by=tenant,day&limit=2").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.body()).contains("\"object\":\"usage.report\"", "\"from\":\"2024-05-01T00:00:00Z\"",
                "\"to\":\"2024-05-03T00:00:00Z\"", "\"group_by\":[\"tenant\",\"day\"]",
                "\"totals\":{\"requests\":6", "{\"tenant\":\"acme\",\"day\":\"2024-05-01\",\"requests\":3",
                "\"day\":null", "\"cost_usd\":0.25", "\"total_tokens\":150", "\"p50_latency_ms\":100.0",
                "\"has_more\":true", "\"next_offset\":2").doesNotContain("globex");
        assertThat(server.usage.lastQuery.groupBy()).containsExactly(Dimension.TENANT, Dimension.DAY);
        assertThat(server.usage.lastQuery.tenant()).isNull();

        HttpResponse<String> last = server.send(server.asAdmin(
                "/admin/usage?group_by=tenant,day&limit=2&offset=2&tenant=globex").GET().build());
        assertThat(last.body()).contains("\"tenant\":\"globex\"", "\"has_more\":false").doesNotContain("next_offset");
        assertThat(server.usage.lastQuery.tenant()).isEqualTo("globex");
    }

    @Test
    public void csvByFormatOrAcceptIsQuotedAsRfc4180() throws Exception {
        HttpResponse<String> byFormat = server.send(server.asAdmin(
                "/admin/usage?group_by=tenant,day&format=csv").GET().build());
        HttpResponse<String> byAccept = server.send(server.asAdmin("/admin/usage?group_by=tenant,day")
                .header("Accept", "text/csv").GET().build());

        for (HttpResponse<String> response : List.of(byFormat, byAccept)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            String[] lines = response.body().split("\r\n", -1);
            assertThat(lines[0]).isEqualTo("tenant,day,requests,errors,cache_hits,prompt_tokens,completion_tokens,"
                    + "total_tokens,cached_tokens,reasoning_tokens,cost_usd,saved_cost_usd,avg_latency_ms,"
                    + "p50_latency_ms");
            assertThat(lines[1]).isEqualTo("acme,2024-05-01,3,1,0,100,50,150,10,5,0.25,0,120.0,100.0");
            assertThat(lines[2]).startsWith("\"say \"\"hi\"\", all\",,2,").contains(",0.0000001,");
            assertThat(lines).hasSize(5); // header, three rows, and the empty rest after the last CRLF
        }
    }

    @Test
    public void oneRequestIsAskedForByTheXRequestIdItsClientGot() throws Exception {
        HttpResponse<String> response = server.send(server.asAdmin(
                "/admin/usage?request_id=req_018c2a6e1f00a1b2c3d4e5f6&group_by=status").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.usage.lastQuery.requestId()).isEqualTo("req_018c2a6e1f00a1b2c3d4e5f6");
        assertThat(server.usage.lastQuery.groupBy()).containsExactly(Dimension.STATUS);
    }

    @Test
    public void badInputIsA400NamingTheParameter() throws Exception {
        for (String query : List.of("group_by=colour", "group_by=day,day", "from=yesterday", "to=2024-13-01",
                "from=2024-05-02&to=2024-05-01", "limit=0", "limit=1000000", "offset=-1", "format=xml")) {
            HttpResponse<String> response = server.send(server.asAdmin("/admin/usage?" + query).GET().build());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).as(query).startsWith("{\"error\":{")
                    .contains("\"code\":\"invalid_parameter\"");
        }
    }

    @Test
    public void onlyAnAdminKeyReadsUsage() throws Exception {
        assertThat(server.send(server.request("/admin/usage").GET().build()).statusCode()).isEqualTo(401);
        HttpResponse<String> app = server.send(server.authorized("/admin/usage").GET().build());
        assertThat(app.statusCode()).isEqualTo(403);
        assertThat(app.body()).doesNotContain("acme");
    }

    @Test
    public void anOperatorReadsEveryTenantATenantAdminOnlyItsOwn() throws Exception {
        HttpResponse<String> operator = server.send(server.request("/admin/usage")
                .header("Authorization", "Bearer " + TestServer.OPERATOR_KEY).GET().build());
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(server.usage.lastQuery.tenant()).isNull();

        HttpResponse<String> own = server.send(server.request("/admin/usage")
                .header("Authorization", "Bearer " + TestServer.TENANT_ADMIN_KEY).GET().build());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(server.usage.lastQuery.tenant()).as("its tenant forced into the filter").isEqualTo("acme");

        HttpResponse<String> other = server.send(server.request("/admin/usage?tenant=globex")
                .header("Authorization", "Bearer " + TestServer.TENANT_ADMIN_KEY).GET().build());
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    public void aFailingStoreIsA503InTheErrorShapeNotAHalfReport() throws Exception {
        server.usage.failure = new IllegalStateException("usage report failed: table gone");
        HttpResponse<String> response = server.send(server.asAdmin("/admin/usage?group_by=model").GET().build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"error\":{").contains("store_unavailable")
                .doesNotContain("usage.report");
    }

    @Test
    public void aTenantScopedCallerCannotAskForAnotherTenant() {
        UsageReportRequest own = UsageReportRequest.read(name -> null, null, 1_000_000_000L, "acme");
        assertThat(own.query().tenant()).isEqualTo("acme");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UsageReportRequest.read(
                name -> name.equals("tenant") ? "globex" : null, null, 1_000_000_000L, "acme"))
                .hasMessageContaining("own tenant");
    }
}
