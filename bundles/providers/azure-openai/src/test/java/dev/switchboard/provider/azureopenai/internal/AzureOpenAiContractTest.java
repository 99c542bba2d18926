package dev.switchboard.provider.azureopenai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.ExtraFields;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The provider contract against a loopback stub speaking Azure OpenAI's wire format (its paths, {@code api-key},
 * the prompt-filter first chunk and per-choice content filter results of a stream, its error bodies), plus what
 * is Azure's own.
 */
public class AzureOpenAiContractTest extends HttpProviderContractTest {

    static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String FILTER = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"}}";

    private HttpClient client;
    private final Map<String, String> settings = new LinkedHashMap<>(Map.of("deployments", "gpt-4o=prod-gpt4o"));

    @Before
    public void startClient() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stopClient() throws Exception {
        client.stop();
    }

    @Override
    protected ProviderInstance createInstance(String baseUrl) {
        InstanceConfig config = new InstanceConfig("azure-openai", AzureOpenAiProvider.TYPE, baseUrl, KEY,
                List.of(ModelInfo.text(model(), "2.50", "10.00", 128000)), 1, settings);
        return new AzureOpenAiInstance(config, AzureOpenAiSettings.from(config), client);
    }

    @Override
    protected String model() {
        return "gpt-4o";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"choices\":[{\"content_filter_results\":" + FILTER + ",\"finish_reason\":\"stop\",\"index\":0,"
                + "\"logprobs\":null,\"message\":{\"content\":\"" + text + "\",\"refusal\":null,\"role\":\"assistant\"}}],"
                + "\"created\":1736407895,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTER + "}],"
                + usage(usage) + "}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3)));
        events.add(chunk("{\"content\":\"" + text.substring(3) + "\"}", null));
        events.add(chunk("{}", "\"stop\""));
        events.add("{\"choices\":[],\"created\":1736407895,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"object\":\"chat.completion.chunk\"," + usage(usage) + "}");
        events.add("[DONE]");
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        // Azure's first event: the prompt's filter results, with no choice at all
        return List.of("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTER + "}]}",
                chunk("{\"content\":\"\",\"role\":\"assistant\"}", null),
                chunk("{\"content\":\"" + partial + "\"}", null));
    }

    /** Azure's content-filter verdicts reach the client as Azure sent them: per prompt on the answer, per choice. */
    @Override
    protected ExtraFields scriptAnswerWithExtraFields(boolean stream) {
        Map<String, Object> verdict = ExtraFields.object(
                "hate", ExtraFields.object("filtered", false, "severity", "safe"),
                "self_harm", ExtraFields.object("filtered", false, "severity", "safe"));
        if (stream) {
            upstream.reply(LoopbackUpstream.stream(streamContentType(), answerEvents("Hello", USAGE).stream()
                    .map(this::frameEvent).collect(Collectors.toList())));
            return ExtraFields.expected().choice("content_filter_results", verdict);
        }
        upstream.reply(LoopbackUpstream.json(200, answerBody("Hello", USAGE)));
        return ExtraFields.expected()
                .answer("prompt_filter_results", List.of(ExtraFields.object("prompt_index", 0,
                        "content_filter_results", verdict)))
                .choice("content_filter_results", verdict);
    }

    @Override
    protected String errorBody(int status) {
        return "{\"error\":{\"code\":\"" + status + "\",\"message\":\"status " + status + "\"}}";
    }

    @Test
    public void theHealthCheckGetsTheResourcesModelsListOnEitherSurface() throws Exception {
        String models = "{\"data\":[{\"id\":\"gpt-4o-2024-11-20\",\"object\":\"model\"}],\"object\":\"list\"}";
        upstream.reply(LoopbackUpstream.json(200, models));
        String detail = ((dev.switchboard.api.provider.HealthCheckable) createInstance(upstream.baseUrl()))
                .check(new dev.switchboard.api.provider.CallContext("health", java.time.Instant.now().plusSeconds(10)))
                .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).detail();

        assertThat(detail).isEqualTo("1 model listed");
        assertThat(upstream.last().method()).isEqualTo("GET");
        assertThat(upstream.last().path()).isEqualTo("/openai/models?api-version=2024-10-21");
        assertThat(upstream.last().header("api-key")).isEqualTo(KEY);

        settings.put("surface", "v1");
        upstream.reply(LoopbackUpstream.json(200, models));
        ((dev.switchboard.api.provider.HealthCheckable) createInstance(upstream.baseUrl()))
                .check(new dev.switchboard.api.provider.CallContext("health", java.time.Instant.now().plusSeconds(10)))
                .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(upstream.last().path()).startsWith("/openai/v1/models");
    }

    @Test
    public void classicSurfacePostsToTheDeploymentWithApiVersionAndApiKey() throws Exception {
        scriptAnswer(ANSWER, false);

        ChatResponse response = chat();

        assertThat(response.firstContent()).isEqualTo(ANSWER);
        assertThat(response.usage()).isEqualTo(USAGE);
        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(sent.headers()).doesNotContainKey("authorization");
    }

    @Test
    public void v1SurfaceNamesTheDeploymentAsModelAndTakesABearerToken() throws Exception {
        settings.put("surface", "v1");
        settings.put("auth", "bearer");
        scriptAnswer(ANSWER, false);

        chat();

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(sent.body()).contains("\"model\":\"prod-gpt4o\"");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.headers()).doesNotContainKey("api-key");
    }

    @Test
    public void theDocumentedStreamWithItsFilterChunksArrivesWhole() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("chat-stream.sse")));

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.error()).isNull();
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks.stream().map(ChatChunk::content).filter(c -> c != null).collect(Collectors.joining()))
                .isEqualTo("Hello from Azure.");
        assertThat(chunks.stream().filter(c -> c.finishReason() != null).map(ChatChunk::finishReason))
                .containsExactly("stop");
        assertThat(chunks.get(chunks.size() - 1).isUsageOnly()).isTrue();
        assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new Usage(12, 5));
        assertThat(upstream.last().body()).contains("\"stream_options\":{\"include_usage\":true}");
    }

    @Test
    public void theDocumentedAnswerIsRead() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("chat-completion.json")));

        ChatResponse response = chat();

        assertThat(response.firstContent()).isEqualTo("Hello from Azure.");
        assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(response.usage()).isEqualTo(new Usage(12, 5));
    }

    @Test
    public void aFilteredPromptIsContentFilterWithAzuresWords() throws Exception {
        upstream.reply(LoopbackUpstream.json(400, WireSamples.text("error-400-content-filter.json"),
                "apim-request-id", "5f3f0b5e-0000"));

        ProviderException failure = chatFailure(context());

        assertThat(failure.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).startsWith("azure-openai answered 400 content_filter")
                .contains("content management policy").contains("[request 5f3f0b5e-0000]");
    }

    @Test
    public void aRateLimitWaitsAsLongAsRetryAfterMsSays() throws Exception {
        upstream.reply(LoopbackUpstream.json(429, WireSamples.text("error-429-rate-limit.json"),
                "retry-after-ms", "6000", "retry-after", "6"));

        ProviderException failure = chatFailure(context());

        assertThat(failure.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    public void aMissingDeploymentIsNotFound() throws Exception {
        upstream.reply(LoopbackUpstream.json(404, WireSamples.text("error-404-deployment-not-found.json")));

        ProviderException failure = chatFailure(context());

        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure.getMessage()).contains("DeploymentNotFound");
    }

    @Test
    public void anInvalidKeyIsAuthAndTheKeyStaysOut() throws Exception {
        upstream.reply(LoopbackUpstream.json(401, WireSamples.text("error-401-access-denied.json")));

        ProviderException failure = chatFailure(context());

        assertThat(failure.code()).isEqualTo(ErrorCode.AUTH);
        assertThat(failure.getMessage()).contains("Access denied").doesNotContain(KEY);
    }

    private String chunk(String delta, String finish) {
        return "{\"choices\":[{\"content_filter_results\":" + FILTER + ",\"delta\":" + delta + ",\"finish_reason\":"
                + finish + ",\"index\":0,\"logprobs\":null}],\"created\":1736407895,\"id\":\"chatcmpl-1\","
                + "\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\"}";
    }

    private static String usage(Usage usage) {
        return "\"usage\":{\"completion_tokens\":" + usage.completionTokens() + ",\"prompt_tokens\":" + usage.promptTokens()
                + ",\"total_tokens\":" + (usage.promptTokens() + usage.completionTokens()) + "}";
    }
}
