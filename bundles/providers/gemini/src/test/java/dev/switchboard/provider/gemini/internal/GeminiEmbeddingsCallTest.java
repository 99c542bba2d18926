package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
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

/** The instance serves {@code /v1/embeddings}: {@code batchEmbedContents} on a stub in Gemini's wire format. */
public class GeminiEmbeddingsCallTest {

    private LoopbackUpstream upstream;
    private HttpClient client;

    @Before
    public void start() throws Exception {
        upstream = LoopbackUpstream.start();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        upstream.close();
    }

    @Test
    public void severalInputsGoToBatchEmbedContentsWithTheKeyInAHeader() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("batch-embed-contents.json")));
        InstanceConfig config = new InstanceConfig("gemini", GeminiProvider.TYPE, upstream.baseUrl() + "/v1beta", "k-1",
                List.of(ModelInfo.text("gemini-embedding-001", "0.15", "0", 2048)), 1, Map.of());
        EmbeddingsCapable instance = new GeminiInstance(config, GeminiSettings.from(config), client);

        EmbeddingsResponse response = instance.embed(new EmbeddingsRequest("gemini-embedding-001", List.of("a", "b"), 3,
                null, Map.of("task_type", "SEMANTIC_SIMILARITY")), new CallContext("t", Instant.now().plusSeconds(5)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("k-1");
        assertThat(sent.body()).contains("\"outputDimensionality\":3").contains("SEMANTIC_SIMILARITY");
        assertThat(response.vectors()).hasSize(2);
        assertThat(response.vectors().get(1)[1]).isEqualTo(0.5f);
    }
}
