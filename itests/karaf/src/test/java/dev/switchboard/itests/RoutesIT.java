package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Routes set at run time in the running gateway: from the shell and the admin API, served at once by
 * /v1/chat/completions, and kept by the store when the grid and core restart (the grid's copy gone with them).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoutesIT extends SwitchboardTestSupport {

    @Inject
    protected ConfigurationAdmin configAdmin;

    /**
     * Issue 12: candidates that fail on command (429 with Retry-After, 503, a timeout) before one that answers:
     * the client sees a 2xx, plain and streamed.
     */
    @Test
    public void aRouteAnswersWhileSomeCandidateCan() throws Exception {
        List<Configuration> instances = new ArrayList<>();
        try {
            instances.add(failingMock("it-throttled", "RATE_LIMIT", "50"));
            instances.add(failingMock("it-broken", "UNAVAILABLE", "0"));
            instances.add(failingMock("it-timeout", "TIMEOUT", "0"));
            waitFor("model it-flaky listed", Duration.ofSeconds(30), () -> modelIds().contains("it-flaky"));
            executeCommand("switchboard:route-set --max-attempts 6 it-resilient it-flaky mock-echo");

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> plain = chat(ADMIN_KEY, "it-resilient", "still answered " + i, "");
                assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
                assertThat(plain.headers().firstValue("x-switchboard-model")).hasValue("mock-echo");
                HttpResponse<String> streamed = chat(ADMIN_KEY, "it-resilient", "streamed " + i, "\"stream\":true");
                assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
                assertThat(sseData(streamed)).last().isEqualTo("[DONE]");
            }
            assertThat(chat(ADMIN_KEY, "it-flaky", "no candidate left", "").statusCode())
                    .as("the failing model alone fails").isGreaterThanOrEqualTo(400);
        } finally {
            executeCommand("switchboard:route-remove it-resilient");
            for (Configuration instance : instances) {
                instance.delete();
            }
        }
    }

    /**
     * Upstreams that reset the connection, at once or after answering 200 and a few bytes (before the first chunk),
     * behind a route with a working model after them: the client gets a 2xx, plain and streamed.
     */
    @Test
    public void aRouteAnswersPastUpstreamsThatResetTheConnection() throws Exception {
        List<Configuration> instances = new ArrayList<>();
        try (ResettingUpstream atOnce = new ResettingUpstream(ResettingUpstream.AT_ONCE);
             ResettingUpstream midAnswer = new ResettingUpstream(ResettingUpstream.MID_ANSWER)) {
            instances.add(openAiAt("it-reset-at-once", atOnce.baseUrl()));
            instances.add(openAiAt("it-reset-mid-answer", midAnswer.baseUrl()));
            waitFor("model it-reset listed", Duration.ofSeconds(30), () -> modelIds().contains("it-reset"));
            executeCommand("switchboard:route-set --max-attempts 4 it-resets it-reset mock-echo");

            HttpResponse<String> plain = chat(ADMIN_KEY, "it-resets", "past the resets", "");
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
            assertThat(plain.headers().firstValue("x-switchboard-model")).hasValue("mock-echo");
            HttpResponse<String> streamed = chat(ADMIN_KEY, "it-resets", "streamed past the resets", "\"stream\":true");
            assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
            assertThat(streamed.body()).contains("\"model\":\"mock-echo\"").contains("\" resets\"")
                    .doesNotContain("\"error\"");
            assertThat(sseData(streamed)).last().isEqualTo("[DONE]");
            assertThat(atOnce.requests() + midAnswer.requests()).as("the resetting upstreams were tried").isPositive();
        } finally {
            executeCommand("switchboard:route-remove it-resets");
            for (Configuration instance : instances) {
                instance.delete();
            }
        }
    }

    private Configuration openAiAt(String id, String baseUrl) throws Exception {
        Configuration instance = configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("type", "openai");
        properties.put("base.url", baseUrl);
        properties.put("api.key", "sk-stub-not-a-secret");
        properties.put("models", "it-reset=0/0/32000");
        properties.put("health.check.interval.ms", "0");
        instance.update(properties);
        return instance;
    }

    private Configuration failingMock(String id, String code, String retryAfterMillis) throws Exception {
        Configuration instance = configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("type", "mock");
        properties.put("models", "it-flaky");
        properties.put("error.rate", "1");
        properties.put("error.code", code);
        properties.put("error.retry.after.ms", retryAfterMillis);
        instance.update(properties);
        return instance;
    }

    @Test
    public void aRouteSetInTheShellServesAtOnceAndIsGoneWhenRemoved() {
        assertThat(chat(ADMIN_KEY, "it-shell", "before", "").statusCode()).isEqualTo(404);

        String set = executeCommand("switchboard:route-set --max-attempts 2 it-shell no-such-model mock-echo");
        assertThat(set).contains("it-shell");
        HttpResponse<String> answered = chat(ADMIN_KEY, "it-shell", "routed by the shell", "");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.headers().firstValue("x-switchboard-model")).hasValue("mock-echo");
        assertThat(executeCommand("switchboard:route-list")).contains("it-shell", "runtime", "no-such-model > mock-echo");

        executeCommand("switchboard:route-remove it-shell");
        assertThat(chat(ADMIN_KEY, "it-shell", "after", "").statusCode()).isEqualTo(404);
    }

    @Test
    public void aRouteSetOverRestIsServedListedAndRemoved() {
        HttpResponse<String> put = send(request("/admin/routes/it-rest", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"models\":[\"mock-lorem\"],\"timeout_ms\":20000}")).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).at("/instances").size()).as("the mock serves it").isPositive();

        assertThat(chat(ADMIN_KEY, "it-rest", "hello", "").statusCode()).isEqualTo(200);
        assertThat(json(get("/admin/routes", ADMIN_KEY)).at("/data").findValuesAsText("alias")).contains("it-rest");
        HttpResponse<String> bad = send(request("/admin/routes/it-bad", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"models\":[]}")).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText()).isNotBlank();

        HttpResponse<String> deleted = send(request("/admin/routes/it-rest", ADMIN_KEY).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(chat(ADMIN_KEY, "it-rest", "hello", "").statusCode()).isEqualTo(404);
    }

    @Test
    public void aRouteOutlivesARestartOfTheGridAndCore() throws Exception {
        executeCommand("switchboard:route-set it-durable mock-echo");
        assertThat(chat(ADMIN_KEY, "it-durable", "before the restart", "").statusCode()).isEqualTo(200);

        Bundle grid = bundle("switchboard-grid");
        Bundle core = bundle("switchboard-core");
        core.stop();
        grid.stop();
        grid.start();
        core.start();
        waitFor("the gateway to serve the route again", Duration.ofSeconds(60),
                () -> chat(ADMIN_KEY, "it-durable", "after the restart", "").statusCode() == 200);
        executeCommand("switchboard:route-remove it-durable");
    }
}
