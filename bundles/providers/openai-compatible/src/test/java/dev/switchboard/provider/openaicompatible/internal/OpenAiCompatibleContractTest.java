package dev.switchboard.provider.openaicompatible.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The provider contract against a loopback stub speaking the OpenAI wire format the way compatible servers do
 * (vLLM, LM Studio, Groq: {@code /v1/chat/completions}, {@code data: [DONE]}), plus what this bundle adds: the
 * vendor's dialect, extra headers, and no key for a local server.
 */
public class OpenAiCompatibleContractTest extends HttpProviderContractTest {

    static final String KEY = "gsk_contract-test-key-0000";

    private HttpClient client;
    private Map<String, String> settings = new LinkedHashMap<>();
    private String key = KEY;

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
        InstanceConfig config = new InstanceConfig("groq", OpenAiCompatibleProvider.TYPE, baseUrl + "/openai/v1", key,
                List.of(ModelInfo.text(model(), "0.59", "0.79", 131072)), 1, settings);
        return OpenAiCompatibleInstance.of(config, OpenAiCompatibleSettings.from(config, name -> null), client);
    }

    @Override
    protected String model() {
        return "llama-3.3-70b-versatile";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model()
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}]," + usage(usage)
                + ",\"system_fingerprint\":\"fp_1\",\"x_groq\":{\"id\":\"req_1\"}}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3)));
        events.add(chunk("{\"content\":\"" + text.substring(3) + "\"}", null));
        events.add(chunk("{}", "\"stop\""));
        events.add("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + model() + "\",\"choices\":[]," + usage(usage) + "}");
        events.add("[DONE]");
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"" + partial + "\"}", null));
    }

    @Override
    protected String errorBody(int status) {
        return "{\"error\":{\"message\":\"status " + status + "\",\"type\":\"invalid_request_error\",\"code\":null}}";
    }

    @Test
    public void postsToTheConfiguredPathWithTheKeyAndTheVendorsHeaders() throws Exception {
        settings.put("header.HTTP-Referer", "https://switchboard.example");
        settings.put("header.X-Title", "Switchboard");
        scriptAnswer(ANSWER, false);

        assertThat(chat().firstContent()).isEqualTo(ANSWER);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("http-referer")).isEqualTo("https://switchboard.example");
        assertThat(sent.header("x-title")).isEqualTo("Switchboard");
    }

    @Test
    public void theResponsesApiIsPassedThroughOnlyWhereTheInstanceIsConfiguredToHaveIt() throws Exception {
        assertThat(createInstance(upstream.baseUrl())).isNotInstanceOf(ResponsesCapable.class);

        settings.put("responses.path", "/responses");
        settings.put("header.X-Title", "Switchboard");
        String answer = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":6,\"total_tokens\":11},\"vendor_field\":true}";
        upstream.reply(LoopbackUpstream.json(200, answer));
        ProviderInstance withResponses = createInstance(upstream.baseUrl());
        assertThat(withResponses).isInstanceOf(ResponsesCapable.class);

        ResponsesAnswer response = ((ResponsesCapable) withResponses).respond(new ResponsesRequest(model(), false,
                Map.of("model", model(), "input", "hi")), context()).toCompletableFuture()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/openai/v1/responses");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("x-title")).isEqualTo("Switchboard");
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(answer);
        assertThat(response.usage()).isEqualTo(new Usage(5, 6));
    }

    @Test
    public void aLocalServerWithoutKeyGetsNoAuthorizationHeader() throws Exception {
        key = null;
        scriptAnswer(ANSWER, false);

        chat();

        assertThat(upstream.last().headers()).doesNotContainKey("authorization");
    }

    @Test
    public void theTokenLimitTravelsAsMaxTokensUnlessTheInstanceSaysOtherwise() throws Exception {
        scriptAnswer(ANSWER, false);
        instance().chat(limited(), context()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(upstream.last().body()).contains("\"max_tokens\":64").doesNotContain("max_completion_tokens");
    }

    @Test
    public void maxCompletionTokensOnRequest() throws Exception {
        settings.put("max.tokens.field", "max_completion_tokens");
        scriptAnswer(ANSWER, false);
        instance().chat(limited(), context()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(upstream.last().body()).contains("\"max_completion_tokens\":64").doesNotContain("\"max_tokens\"");
    }

    @Test
    public void aServerThatRefusesStreamOptionsIsNotSentThem() throws Exception {
        settings.put("stream.usage", "false");
        scriptAnswer(ANSWER, true);

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());
        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).isTrue();

        assertThat(upstream.last().body()).contains("\"stream\":true").doesNotContain("stream_options");
    }

    @Test
    public void errorsNameTheInstanceNotTheType() throws Exception {
        scriptFailure(400, Map.of(), false);
        assertThat(chatFailure(context()).getMessage()).startsWith("groq answered 400");
    }

    private ChatRequest limited() {
        return ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.USER, "hi"))).maxTokens(64).build();
    }

    private String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model()
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}";
    }

    private static String usage(Usage usage) {
        return "\"usage\":{\"prompt_tokens\":" + usage.promptTokens() + ",\"completion_tokens\":" + usage.completionTokens()
                + ",\"total_tokens\":" + (usage.promptTokens() + usage.completionTokens()) + "}";
    }
}
