package dev.switchboard.provider.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.WireSamples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The health check ({@code GET /api/tags}) against a loopback server answering as Ollama does. */
public class OllamaHealthCheckTest {

    private HttpClient client;
    private LoopbackUpstream upstream;
    private OllamaInstance instance;

    @Before
    public void start() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        upstream = LoopbackUpstream.start();
        InstanceConfig config = new InstanceConfig("ollama", "ollama", upstream.baseUrl(), null, List.of(), 1, Map.of());
        instance = new OllamaInstance(config, OllamaSettings.from(config), client);
    }

    @After
    public void stop() throws Exception {
        upstream.close();
        client.stop();
    }

    @Test
    public void readsTheTagsList() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("api-tags.json")));

        String detail = instance.check(context()).toCompletableFuture().get(10, TimeUnit.SECONDS).detail();

        assertThat(detail).isEqualTo("2 models listed");
        assertThat(upstream.last().method()).isEqualTo("GET");
        assertThat(upstream.last().path()).isEqualTo("/api/tags");
    }

    @Test
    public void aServerErrorFailsTheCheck() {
        upstream.reply(LoopbackUpstream.json(500, "{\"error\":\"out of memory\"}"));

        Throwable thrown = catchThrowable(() -> instance.check(context()).toCompletableFuture().get(10, TimeUnit.SECONDS));

        assertThat(thrown.getCause()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isNotIn(ErrorCode.NOT_FOUND, ErrorCode.BAD_REQUEST));
    }

    private static CallContext context() {
        return new CallContext("health-ollama", Instant.now().plusSeconds(10));
    }
}
