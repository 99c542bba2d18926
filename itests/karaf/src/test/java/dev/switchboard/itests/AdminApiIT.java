package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The admin REST API round trips in a running Karaf: usage after some chats (from the store's ledger, JSON and
 * CSV), and a provider instance added through REST (a factory configuration, as a file in etc/ makes), serving a
 * model, tested, and removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminApiIT extends SwitchboardTestSupport {

    private static final String UPSTREAM_KEY = "sk-it-upstream-never-shown-4d2a";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void usageAfterChatsIsReportedByModelAndDayAsJsonAndCsv() {
        for (int i = 0; i < 3; i++) {
            assertThat(chat(ADMIN_KEY, "mock-echo", "usage please " + i, null).statusCode()).isEqualTo(200);
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String query = "/admin/usage?from=" + today + "&to=" + today + "&group_by=model,day&model=mock-echo";
        // the ledger writes behind the request path (a batch every 200 ms by default)
        waitFor("three chats in the usage report", SETTLE, () -> {
            HttpResponse<String> response = get(query, ADMIN_KEY);
            return response.statusCode() == 200 && json(response).path("totals").path("requests").asLong() >= 3;
        });
        JsonNode report = json(get(query, ADMIN_KEY));
        assertThat(report.path("object").asText()).isEqualTo("usage.report");
        JsonNode row = report.path("data").get(0);
        assertThat(row.path("model").asText()).isEqualTo("mock-echo");
        assertThat(row.path("day").asText()).isEqualTo(today);
        assertThat(row.path("requests").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(row.path("prompt_tokens").asLong()).isPositive();
        assertThat(row.path("cost_usd").decimalValue()).isPositive();

        HttpResponse<String> csv = send(request(query, ADMIN_KEY).header("Accept", "text/csv").GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("model,day,requests,").contains("\r\nmock-echo," + today + ",");

        HttpResponse<String> bad = get("/admin/usage?group_by=colour", ADMIN_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").path("param").asText()).isEqualTo("group_by");
    }

    @Test
    public void theXRequestIdOfARequestFindsItsRowInTheUsageLedger() {
        HttpResponse<String> answered = chat(ADMIN_KEY, "mock-echo", "find me by my id", null);
        assertThat(answered.statusCode()).isEqualTo(200);
        String requestId = answered.headers().firstValue("x-request-id").orElseThrow();
        String query = "/admin/usage?request_id=" + requestId + "&group_by=model";
        // the ledger writes behind the request path (a batch every 200 ms by default)
        waitFor("the request's row in the usage report", SETTLE, () -> requests(query) == 1);
        assertThat(json(get(query, ADMIN_KEY)).path("data").get(0).path("model").asText()).isEqualTo("mock-echo");
    }

    @Test
    public void usageSurvivesTheStoreRestarted() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(chat(ADMIN_KEY, "mock-lorem", "before the restart " + i, null).statusCode()).isEqualTo(200);
        }
        String query = "/admin/usage?model=mock-lorem";
        waitFor("two chats in the usage report", SETTLE, () -> requests(query) >= 2);
        long before = requests(query);

        // a clean stop writes what the ledger accepted; the H2 file is opened again on start
        bundle("switchboard-store").stop();
        bundle("switchboard-store").start();
        waitFor("the usage report answering again", Duration.ofSeconds(60), () -> requests(query) >= 0);
        assertThat(requests(query)).isEqualTo(before);
    }

    /** The requests the report counts, or -1 while it does not answer (the store or core restarting). */
    private static long requests(String query) {
        try {
            HttpResponse<String> response = get(query, ADMIN_KEY);
            return response.statusCode() == 200 ? json(response).path("totals").path("requests").asLong() : -1;
        } catch (java.io.UncheckedIOException e) {
            return -1;
        }
    }

    @Test
    public void anInstanceAddedThroughRestServesIsTestedAndIsRemoved() throws Exception {
        HttpResponse<String> added = postJson("/admin/instances", ADMIN_KEY, "{\"id\":\"mock-rest\",\"type\":\"mock\","
                + "\"api_key\":\"" + UPSTREAM_KEY + "\",\"models\":[\"rest-echo\"]}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(UPSTREAM_KEY).contains("\"api_key\":\"***\"");
        try {
            // the same factory configuration a file etc/dev.switchboard.instance-mock-rest.cfg makes
            Configuration[] made = configAdmin.listConfigurations("(service.pid=dev.switchboard.instance~mock-rest)");
            assertThat(made).hasSize(1);
            assertThat(made[0].getFactoryPid()).isEqualTo("dev.switchboard.instance");

            waitFor("model rest-echo listed", SETTLE, () -> modelIds().contains("rest-echo"));
            HttpResponse<String> answer = chat(ADMIN_KEY, "rest-echo", "hello from rest", null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-switchboard-provider")).hasValue("mock-rest");

            HttpResponse<String> list = get("/admin/instances", ADMIN_KEY);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"id\":\"mock-rest\"", "\"rest-echo\"").doesNotContain(UPSTREAM_KEY);

            HttpResponse<String> tested = send(request("/admin/instances/mock-rest/test", ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
            assertThat(tested.body()).contains("\"id\":\"mock-rest\"");

            assertThat(postJson("/admin/instances", ADMIN_KEY, "{\"id\":\"x\",\"type\":\"no-such-type\"}")
                    .statusCode()).isEqualTo(400);
        } finally {
            HttpResponse<String> removed = send(request("/admin/instances/mock-rest", ADMIN_KEY).DELETE().build());
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        }
        waitFor("model rest-echo gone", SETTLE, () -> !modelIds().contains("rest-echo"));
        assertThat(configAdmin.listConfigurations("(service.pid=dev.switchboard.instance~mock-rest)")).isNull();
    }
}
