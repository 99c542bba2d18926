package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.core.api.StatsReport;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class AdminCacheServletTest {

    @Rule
    public final TestServer server = new TestServer();

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    public void anAdminSeesEachCacheAndThePerLevelSavings() throws Exception {
        server.gateway.stats = new StatsReport(List.of(), 3, 0, List.of(),
                List.of(new StatsReport.Cache("memory", CacheLevel.MEMORY, new CacheStats(2, 2, 2, 0, 2)),
                        new StatsReport.Cache("grid", CacheLevel.DISTRIBUTED, new CacheStats(1, 1, 2, 0, 5))),
                new StatsReport.CacheTotals(1, List.of(
                        new StatsReport.LevelTotals("l1", 2, 40, new BigDecimal("0.002")),
                        new StatsReport.LevelTotals("l2", 1, 20, new BigDecimal("0.001")))));

        HttpResponse<String> response = send("GET", "/admin/cache", TestServer.ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.at("/caches/1/name").asText()).isEqualTo("grid");
        assertThat(body.at("/caches/1/level").asText()).isEqualTo("distributed");
        assertThat(body.at("/caches/0/hit_ratio").asDouble()).isEqualTo(0.5);
        assertThat(body.at("/gateway/misses").asLong()).isEqualTo(1);
        assertThat(body.at("/gateway/hit_ratio").asDouble()).isEqualTo(0.75);
        assertThat(body.at("/gateway/levels/1/level").asText()).isEqualTo("l2");
        assertThat(body.at("/gateway/levels/0/tokens_saved").asLong()).isEqualTo(40);
        assertThat(body.at("/gateway/levels/0/cost_saved_usd").decimalValue()).isEqualByComparingTo("0.002");
    }

    @Test
    public void anAdminClearsATenantsAnswersOfOneModel() throws Exception {
        HttpResponse<String> response = send("DELETE", "/admin/cache?tenant=acme&model=gpt-4o", TestServer.ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"memory\":2");
        assertThat(server.gateway.clearedTenant).isEqualTo("acme");
        assertThat(server.gateway.clearedModel).isEqualTo("gpt-4o");
    }

    @Test
    public void anOrdinaryKeyIsRefusedAndNothingIsCleared() throws Exception {
        assertThat(send("GET", "/admin/cache", TestServer.GOOD_KEY).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/admin/cache", TestServer.GOOD_KEY).statusCode()).isEqualTo(403);
        assertThat(server.gateway.clearedTenant).isNull();
        assertThat(send("GET", "/admin/cache", "sk-wrong").statusCode()).isEqualTo(401);
    }
}
