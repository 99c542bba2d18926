package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Routes set at run time in the running gateway: from the shell and the admin API, served at once by
 * /v1/chat/completions, and kept by the store when the grid and core restart (the grid's copy gone with them).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoutesIT extends SwitchboardTestSupport {

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
