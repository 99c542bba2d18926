package dev.switchboard.provider.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The provider contract against a loopback stub speaking Ollama's native {@code /api/chat} (NDJSON streams, the
 * {@code {"error": "..."}} body), plus what is Ollama's own.
 */
public class OllamaContractTest extends HttpProviderContractTest {

    private HttpClient client;

    @Before
    public void startClient() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stopClient() throws Exception {
        client.stop();
    }

    @Override
    protected boolean streamsNdjson() {
        return true;
    }

    @Override
    protected ProviderInstance createInstance(String baseUrl) {
        InstanceConfig config = new InstanceConfig("ollama", OllamaProvider.TYPE, baseUrl, null,
                List.of(ModelInfo.text(model(), "0", "0", 0)), 1, Map.of());
        return new OllamaInstance(config, OllamaSettings.from(config), client);
    }

    @Override
    protected String model() {
        return "llama3.2";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2023-12-12T14:13:43.416799Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + text + "\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5191566416,"
                + "\"prompt_eval_count\":" + usage.promptTokens() + ",\"eval_count\":" + usage.completionTokens() + "}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        return List.of(line(text.substring(0, 3)), line(text.substring(3)),
                "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":"
                        + usage.promptTokens() + ",\"eval_count\":" + usage.completionTokens() + "}");
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of(line(partial));
    }

    @Override
    protected String errorBody(int status) {
        return "{\"error\":\"status " + status + "\"}";
    }

    @Test
    public void postsToApiChatWithOptionsUnderOllamasNames() throws Exception {
        scriptAnswer(ANSWER, false);
        ChatRequest request = ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.USER, "hi")))
                .temperature(0.2).maxTokens(64).stop(List.of("\n\n")).seed(7L).build();

        instance().chat(request, context()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/api/chat");
        assertThat(sent.body()).contains("\"stream\":false").contains("\"num_predict\":64")
                .contains("\"temperature\":0.2").contains("\"seed\":7").contains("\"stop\":[\"\\n\\n\"]")
                .doesNotContain("max_tokens");
    }

    @Test
    public void theDocumentedStreamArrivesWithUsageFromItsCounts() throws Exception {
        upstream.reply(LoopbackUpstream.ndjson(WireSamples.lines("chat-stream.ndjson")));

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.error()).isNull();
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks.stream().map(ChatChunk::content).filter(c -> c != null).collect(Collectors.joining()))
                .isEqualTo("The sky is blue.");
        assertThat(chunks.get(chunks.size() - 2).finishReason()).isEqualTo("stop");
        assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new Usage(26, 282));
        assertThat(upstream.last().body()).contains("\"stream\":true");
    }

    @Test
    public void aModelThatWasNeverPulledIsNotFoundAndSaysHowToPullIt() throws Exception {
        upstream.reply(LoopbackUpstream.json(404, WireSamples.text("error-404-not-pulled.json")));

        ProviderException failure = chatFailure(context());

        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("ollama pull llama3.2");
    }

    @Test
    public void aModelThatWasNeverPulledFailsAStreamTheSameWay() throws Exception {
        upstream.reply(LoopbackUpstream.json(404, WireSamples.text("error-404-not-pulled.json")));

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertThat(streamFailure(subscriber).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    public void toolCallsComeBackInOpenAisShape() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("chat-tool-call.json")));

        ChatResponse response = chat();

        assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
        List<?> calls = (List<?>) response.choices().get(0).message().extensions().get("tool_calls");
        Map<?, ?> call = (Map<?, ?>) calls.get(0);
        assertThat(call.get("type")).isEqualTo("function");
        assertThat((String) call.get("id")).startsWith("call_");
        Map<?, ?> function = (Map<?, ?>) call.get("function");
        assertThat(function.get("name")).isEqualTo("get_current_weather");
        assertThat(function.get("arguments")).isEqualTo("{\"format\":\"celsius\",\"location\":\"Paris, FR\"}");
        assertThat(response.usage()).isEqualTo(new Usage(122, 33));
    }

    @Test
    public void anErrorLineInsideAStreamEndsItRetryably() throws Exception {
        upstream.reply(LoopbackUpstream.ndjson(List.of(line("Hel"), "{\"error\":\"llama runner process has terminated\"}")));

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        ProviderException failure = streamFailure(subscriber);
        assertThat(failure.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("runner process has terminated");
    }

    @Test
    public void embeddingsGoToApiEmbedAndComeBackInInputOrderWithThePromptCount() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("embed.json")));
        EmbeddingsRequest request = new EmbeddingsRequest("all-minilm", List.of("Why is the sky blue?",
                "Why is the grass green?"), 384, "user-1", Map.of("keep_alive", "5m", "truncate", true));

        EmbeddingsResponse response = ((EmbeddingsCapable) instance()).embed(request, context())
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/api/embed");
        assertThat(sent.body()).contains("\"model\":\"all-minilm\"")
                .contains("\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"]")
                .contains("\"dimensions\":384").contains("\"keep_alive\":\"5m\"").contains("\"truncate\":true")
                .doesNotContain("user-1").doesNotContain("encoding_format");
        assertThat(response.vectors()).hasSize(2);
        assertThat(response.vectors().get(0)).hasSize(10).startsWith(0.010071029f);
        assertThat(response.vectors().get(1)[0]).isEqualTo(-0.0098027075f);
        assertThat(response.usage()).isEqualTo(new Usage(8, 0));
        assertThat(response.model()).isEqualTo("all-minilm");
    }

    @Test
    public void anEmbeddingModelThatWasNeverPulledIsNotFound() throws Exception {
        upstream.reply(LoopbackUpstream.json(404, WireSamples.text("error-404-not-pulled.json")));

        Throwable failure = ((EmbeddingsCapable) instance()).embed(new EmbeddingsRequest("nomic-embed-text",
                List.of("x"), null, null, Map.of()), context()).toCompletableFuture()
                .handle((ok, error) -> error).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("ollama pull nomic-embed-text");
        });
    }

    private static String line(String content) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"" + content + "\"},\"done\":false}";
    }
}
