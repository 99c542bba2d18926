package dev.switchboard.provider.httptemplate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The provider contract for an API described by configuration alone. The stub speaks a vendor format that is not
 * OpenAI's (Anthropic's Messages API shape: content blocks, {@code stop_reason}, typed SSE events), and the
 * instance is nothing but the template and pointers an operator would write.
 */
public class HttpTemplateContractTest extends HttpProviderContractTest {

    static final String TEMPLATE = "{\"model\": {{model}}, \"max_tokens\": {{max_tokens}}, \"system\": \"{{system}}\", "
            + "\"messages\": {{messages}}, \"stream\": {{stream}}, \"metadata\": {\"user_id\": \"{{env.TENANT}}\"}}";

    private HttpClient client;
    private final Map<String, String> settings = new LinkedHashMap<>();

    @Before
    public void startClient() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        settings.put("request.template", TEMPLATE);
        settings.put("header.x-api-key", "{{env.VENDOR_KEY}}");
        settings.put("header.anthropic-version", "2023-06-01");
        settings.put("response.text", "/content/0/text");
        settings.put("response.finish_reason", "/stop_reason");
        settings.put("response.usage.prompt", "/usage/input_tokens");
        settings.put("response.usage.completion", "/usage/output_tokens");
        settings.put("response.id", "/id");
        settings.put("stream.format", "sse");
        settings.put("stream.text", "/delta/text");
        settings.put("stream.finish_reason", "/delta/stop_reason");
        settings.put("stream.usage.prompt", "/message/usage/input_tokens");
        settings.put("stream.usage.completion", "/usage/output_tokens");
        settings.put("finish.map", "end_turn=stop, max_tokens=length");
    }

    @After
    public void stopClient() throws Exception {
        client.stop();
    }

    @Override
    protected ProviderInstance createInstance(String baseUrl) {
        InstanceConfig config = new InstanceConfig("vendor", HttpTemplateProvider.TYPE, baseUrl + "/v1/messages", null,
                List.of(ModelInfo.text(model(), "3", "15", 200000)), 1, settings);
        return new HttpTemplateInstance(config, HttpTemplateSettings.from(config,
                Map.of("VENDOR_KEY", "vk-secret-1", "TENANT", "acme \"eu\"")::get), client);
    }

    @Override
    protected String model() {
        return "vendor-large";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"vendor-large\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":"
                + usage.promptTokens() + ",\"output_tokens\":" + usage.completionTokens() + "}}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        return List.of("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"usage\":{\"input_tokens\":"
                        + usage.promptTokens() + ",\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                delta(text.substring(0, 3)), delta(text.substring(3)),
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":"
                        + usage.completionTokens() + "}}",
                "{\"type\":\"message_stop\"}");
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\"}}", delta(partial));
    }

    @Override
    protected String errorBody(int status) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"status " + status + "\"}}";
    }

    @Test
    public void theBodyIsTheTemplateWithEachValueEscapedInPlace() throws Exception {
        scriptAnswer(ANSWER, false);
        ChatRequest request = ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.SYSTEM, "Be \"brief\""),
                ChatMessage.of(ChatMessage.USER, "Say \"hi\"\n}, \"injected\": true"))).maxTokens(64).build();

        instance().chat(request, context()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo("vk-secret-1");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.body()).isEqualTo("{\"model\": \"vendor-large\", \"max_tokens\": 64, \"system\": \"Be \\\"brief\\\"\", "
                + "\"messages\": [{\"role\":\"system\",\"content\":\"Be \\\"brief\\\"\"},{\"role\":\"user\",\"content\":"
                + "\"Say \\\"hi\\\"\\n}, \\\"injected\\\": true\"}], \"stream\": false, "
                + "\"metadata\": {\"user_id\": \"acme \\\"eu\\\"\"}}");
    }

    @Test
    public void finishReasonsAreMappedAndTheIdKept() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, answerBody(ANSWER, USAGE).replace("end_turn", "max_tokens")));

        var response = chat();

        assertThat(response.id()).isEqualTo("msg_01");
        assertThat(response.choices().get(0).finishReason()).isEqualTo("length");
    }

    @Test
    public void errorsReadTheirMessageByPointerWithoutTheKey() throws Exception {
        upstream.reply(LoopbackUpstream.json(400, "{\"error\":{\"message\":\"bad key vk-secret-1\"}}"));

        assertThat(chatFailure(context()).getMessage()).isEqualTo("vendor answered 400: bad key ***");
    }

    @Test
    public void anNdjsonStreamIsReadLineByLine() throws Exception {
        settings.put("stream.format", "ndjson");
        settings.put("stream.text", "/response");
        settings.put("stream.done", "/done");
        settings.put("stream.usage.prompt", "/prompt_eval_count");
        settings.put("stream.usage.completion", "/eval_count");
        upstream.reply(LoopbackUpstream.ndjson(List.of("{\"response\":\"Hel\",\"done\":false}",
                "{\"response\":\"lo\",\"done\":false}", "{\"response\":\"\",\"done\":true,\"prompt_eval_count\":3,"
                        + "\"eval_count\":2}")));

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.error()).isNull();
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.stream().map(ChatChunk::content).filter(c -> c != null).collect(Collectors.joining()))
                .isEqualTo("Hello");
        assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new Usage(3, 2));
    }

    @Test
    public void anApiThatDoesNotStreamIsReplayedAsAStream() throws Exception {
        settings.put("stream.format", "none");
        scriptAnswer(ANSWER, false);

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertThat(subscriber.awaitTermination()).isTrue();
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks.get(1).content()).isEqualTo(ANSWER);
        assertThat(chunks.get(2).finishReason()).isEqualTo("stop");
        assertThat(chunks.get(3).usage()).isEqualTo(USAGE);
        assertThat(upstream.last().body()).contains("\"stream\": false");
    }

    private static String delta(String text) {
        return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
    }
}
