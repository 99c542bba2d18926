package dev.switchboard.provider.azureopenai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.CollectingSubscriber;
import dev.switchboard.testkit.LoopbackUpstream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The endpoints beyond chat on an Azure OpenAI resource, against a loopback stub speaking Azure's documented wire
 * format (data-plane inference 2024-10-21: per-deployment paths with {@code api-version}, {@code api-key}, the
 * content filter results in answers and the prompt-filter first chunk of a stream), on the classic surface and on
 * {@code /openai/v1}.
 */
public class AzureOpenAiEndpointsTest {

    private static final String FILTER = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"}}";

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

    private AzureOpenAiInstance instance(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("deployments",
                "text-embedding-3-small=emb-prod, dall-e-3=images, whisper=asr, tts=speech, gpt-35-turbo-instruct=legacy"));
        settings.putAll(extra);
        InstanceConfig config = new InstanceConfig("azure", AzureOpenAiProvider.TYPE, upstream.baseUrl(),
                AzureOpenAiContractTest.KEY, List.of(ModelInfo.parse("text-embedding-3-small")), 1, settings);
        return new AzureOpenAiInstance(config, AzureOpenAiSettings.from(config), client);
    }

    private static CallContext context() {
        return new CallContext("req_test", Instant.now().plusSeconds(5));
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void embeddingsGoToTheModelsDeploymentWithTheApiVersionAndKey() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
                + "\"embedding\":[0.0023064255,-0.009327292],\"index\":0}],\"model\":\"text-embedding-3-small\","
                + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));

        EmbeddingsResponse response = await(instance(Map.of()).embed(new EmbeddingsRequest("text-embedding-3-small",
                List.of("hello"), 2, null, Map.of()), context()));

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/emb-prod/embeddings?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(AzureOpenAiContractTest.KEY);
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.body()).startsWith("{\"model\":\"emb-prod\",\"input\":[\"hello\"]");
        assertThat(response.vectors().get(0)).containsExactly(0.0023064255f, -0.009327292f);
        assertThat(response.usage()).isEqualTo(new Usage(4, 0));
    }

    @Test
    public void theV1SurfaceNamesTheDeploymentInTheBodyAndTakesABearerToken() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"created\":1698342300,\"data\":[{\"revised_prompt\":"
                + "\"A painting of a cat\",\"content_filter_results\":" + FILTER + ",\"prompt_filter_results\":"
                + FILTER + ",\"url\":\"https://dalletipusw2.blob.core.windows.net/private/images/e5451cc6.png\"}]}"));

        ImageResponse response = await(instance(Map.of("surface", "v1", "auth", "bearer"))
                .generateImages(new ImageRequest("dall-e-3", "a cat", 1, "1024x1024", null, "url", null, Map.of()),
                        context()));

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/v1/images/generations");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + AzureOpenAiContractTest.KEY);
        assertThat(sent.body()).startsWith("{\"model\":\"images\",\"prompt\":\"a cat\"");
        assertThat(response.data().get(0).url()).startsWith("https://dalletipusw2.blob.core.windows.net/");
        assertThat(response.data().get(0).revisedPrompt()).isEqualTo("A painting of a cat");
    }

    @Test
    public void transcriptionsAndTranslationsUploadToTheirDeploymentPaths() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"text\":\"A structured object.\"}"));
        AzureOpenAiInstance instance = instance(Map.of());
        byte[] audio = {1, 2, 3};

        Transcription transcription = await(instance.transcribe(new TranscriptionRequest("whisper", audio, "a.wav",
                "audio/wav", null, null, "json", null, false, Map.of()), context()));
        assertThat(upstream.last().path()).isEqualTo("/openai/deployments/asr/audio/transcriptions?api-version=2024-10-21");
        assertThat(upstream.last().header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(upstream.last().body()).contains("name=\"model\"\r\n\r\nasr\r\n", "filename=\"a.wav\"");
        assertThat(new String(transcription.body(), StandardCharsets.UTF_8)).contains("A structured object.");

        await(instance.transcribe(new TranscriptionRequest("whisper", audio, "a.wav", null, null, null, "json", null,
                true, Map.of()), context()));
        assertThat(upstream.last().path()).isEqualTo("/openai/deployments/asr/audio/translations?api-version=2024-10-21");
    }

    @Test
    public void speechStreamsTheAudioFromItsDeployment() throws Exception {
        upstream.reply(LoopbackUpstream.stream("audio/mpeg", List.of(new byte[] {'I', 'D', '3'}, new byte[] {4})));
        CollectingSubscriber<ByteBuffer> pieces = new CollectingSubscriber<>();

        instance(Map.of("api.version", "2025-03-01-preview")).speech(new SpeechRequest("tts", "Hello", "alloy", "mp3",
                null, Map.of()), context(), pieces);
        pieces.done().get(5, TimeUnit.SECONDS);

        assertThat(upstream.last().path()).isEqualTo("/openai/deployments/speech/audio/speech?api-version=2025-03-01-preview");
        assertThat(pieces.items().stream().mapToInt(ByteBuffer::remaining).sum()).isEqualTo(4);
    }

    @Test
    public void legacyCompletionsPlainAndStreamedSkipThePromptFilterChunk() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\","
                + "\"created\":1686676106,\"model\":\"gpt-35-turbo-instruct\",\"prompt_filter_results\":[{\"prompt_index\":0,"
                + "\"content_filter_results\":" + FILTER + "}],\"choices\":[{\"text\":\"Hi.\",\"index\":0,"
                + "\"finish_reason\":\"stop\",\"logprobs\":null,\"content_filter_results\":" + FILTER + "}],"
                + "\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":3,\"total_tokens\":5}}"));
        AzureOpenAiInstance instance = instance(Map.of());
        CompletionRequest request = new CompletionRequest("gpt-35-turbo-instruct", List.of("Say hi"), 5, null, null,
                null, List.of(), null, null, Map.of());

        TextCompletion completion = await(instance.complete(request, context()));
        assertThat(upstream.last().path()).isEqualTo("/openai/deployments/legacy/completions?api-version=2024-10-21");
        assertThat(completion.choices().get(0).text()).isEqualTo("Hi.");
        assertThat(completion.usage()).isEqualTo(new Usage(3, 2));

        upstream.reply(LoopbackUpstream.events(List.of(
                "{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,"
                        + "\"content_filter_results\":" + FILTER + "}],\"choices\":[]}",
                "{\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1686676106,\"model\":\"gpt-35-turbo-instruct\","
                        + "\"choices\":[{\"text\":\"Hi\",\"index\":0,\"finish_reason\":null,\"logprobs\":null,"
                        + "\"content_filter_results\":" + FILTER + "}]}",
                "{\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1686676106,\"model\":\"gpt-35-turbo-instruct\","
                        + "\"choices\":[{\"text\":\".\",\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null}]}",
                "[DONE]")));
        CollectingSubscriber<CompletionChunk> chunks = new CollectingSubscriber<>();
        instance.completeStream(request, context(), chunks);
        chunks.done().get(5, TimeUnit.SECONDS);

        assertThat(upstream.last().body()).contains("\"stream\":true", "\"model\":\"legacy\"");
        assertThat(chunks.items()).extracting(chunk -> chunk.choices().get(0).text()).containsExactly("Hi", ".");
    }

    @Test
    public void azuresOwnResponsesApiIsPassedThroughPlainAndStreamedOnBothSurfaces() throws Exception {
        String answer = "{\"id\":\"resp_67cb\",\"object\":\"response\",\"created_at\":1741408624,"
                + "\"status\":\"completed\",\"model\":\"gpt-4o-mini\",\"output\":[{\"type\":\"message\","
                + "\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi.\","
                + "\"annotations\":[]}]}],\"content_filters\":null,\"usage\":{\"input_tokens\":9,"
                + "\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":3,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":12}}";
        upstream.reply(LoopbackUpstream.json(200, answer));
        AzureOpenAiInstance classic = instance(Map.of("deployments", "gpt-4o-mini=mini-prod"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-4o-mini");
        body.put("input", "Say hi");
        body.put("store", false);
        ResponsesRequest request = new ResponsesRequest("gpt-4o-mini", false, body);

        ResponsesAnswer plain = await(classic.respond(request, context()));

        // not per deployment: the deployment is the body's model, the api-version a preview one that has the API
        assertThat(upstream.last().path()).isEqualTo("/openai/responses?api-version=2025-04-01-preview");
        assertThat(upstream.last().header("api-key")).isEqualTo(AzureOpenAiContractTest.KEY);
        assertThat(upstream.last().body()).isEqualTo("{\"model\":\"mini-prod\",\"input\":\"Say hi\",\"store\":false}");
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
        assertThat(plain.usage().promptTokens()).isEqualTo(9);
        assertThat(plain.usage().completionTokens()).isEqualTo(3);

        upstream.reply(LoopbackUpstream.stream("text/event-stream", List.of(
                ("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                        + "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n").getBytes(StandardCharsets.UTF_8),
                ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                        + "\"sequence_number\":1,\"item_id\":\"msg_1\",\"delta\":\"Hi.\"}\n\n").getBytes(StandardCharsets.UTF_8),
                ("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,"
                        + "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"usage\":{\"input_tokens\":9,"
                        + "\"output_tokens\":3,\"total_tokens\":12}}}\n\n").getBytes(StandardCharsets.UTF_8))));
        AzureOpenAiInstance v1 = instance(Map.of("surface", "v1", "deployments", "gpt-4o-mini=mini-prod"));
        CollectingSubscriber<ResponsesEvent> events = new CollectingSubscriber<>();
        v1.respondStream(new ResponsesRequest("gpt-4o-mini", true, Map.of("model", "gpt-4o-mini", "input", "Say hi",
                "stream", true)), context(), events);
        events.done().get(5, TimeUnit.SECONDS);

        assertThat(upstream.last().path()).isEqualTo("/openai/v1/responses");
        assertThat(upstream.last().body()).startsWith("{\"model\":\"mini-prod\",");
        assertThat(events.items()).extracting(ResponsesEvent::event).containsExactly("response.created",
                "response.output_text.delta", "response.completed");
        assertThat(events.items().get(1).data()).contains("\"delta\":\"Hi.\"");
        assertThat(events.items().get(2).usage().completionTokens()).isEqualTo(3);
    }

    @Test
    public void aContentFilteredPromptIsAContentFilterFailureOnEveryEndpoint() throws Exception {
        upstream.reply(LoopbackUpstream.json(400, "{\"error\":{\"code\":\"content_filter\",\"message\":\"The response "
                + "was filtered due to the prompt triggering Azure OpenAI's content management policy.\",\"param\":"
                + "\"prompt\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}"));

        Throwable failure = instance(Map.of()).generateImages(new ImageRequest("dall-e-3", "x", 1, null, null, null,
                null, Map.of()), context()).toCompletableFuture().handle((ok, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
            assertThat(e.getMessage()).doesNotContain(AzureOpenAiContractTest.KEY);
        });
    }
}
