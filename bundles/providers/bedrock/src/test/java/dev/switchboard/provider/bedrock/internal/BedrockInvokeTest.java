package dev.switchboard.provider.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.AwsEnvironment;
import dev.switchboard.support.aws.EventStreamEncoder;
import dev.switchboard.support.aws.SigV4Signer;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * InvokeModel / InvokeModelWithResponseStream against a loopback stub speaking Bedrock Runtime's wire format: Claude's
 * Messages API body ({@code anthropic_version: bedrock-2023-05-31}) and its events as base64 {@code chunk} bytes,
 * Nova's {@code messages-v1} body and its wrapped events; exceptions inside the stream; credentials from a profile
 * file; Converse's reasoning blocks as {@code reasoning_content}.
 */
public class BedrockInvokeTest {

    private static final String CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    private static final String NOVA = "us.amazon.nova-lite-v1:0";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

    @Rule
    public final TemporaryFolder home = new TemporaryFolder();

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

    private BedrockInstance instance(String apiKey, Map<String, String> settings, AwsEnvironment environment) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("region", "us-east-1");
        InstanceConfig config = new InstanceConfig("bedrock-us", BedrockProvider.TYPE, upstream.baseUrl(), apiKey,
                List.of(ModelInfo.text(CLAUDE, "3", "15", 200000), ModelInfo.text(NOVA, "0.06", "0.24", 300000)), 1, all);
        BedrockProvider provider = new BedrockProvider(() -> client, Configs.bedrock(Map.of()), environment, CLOCK, Map.of());
        return (BedrockInstance) provider.createInstance(config);
    }

    private BedrockInstance instance(Map<String, String> settings) {
        return instance("AKID:secret", settings, AwsEnvironment.of(name -> null, null));
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("test", Instant.now().plusSeconds(seconds));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            p.nextToken();
            return (Map<String, Object>) JsonValues.read(p);
        }
    }

    /** An InvokeModelWithResponseStream {@code chunk} message: the model's event JSON as base64 bytes. */
    private static byte[] chunk(String modelEvent) {
        return EventStreamEncoder.event("chunk", "{\"bytes\":\"" + Base64.getEncoder()
                .encodeToString(modelEvent.getBytes(StandardCharsets.UTF_8)) + "\"}");
    }

    @Test
    public void claudeOnInvokeModelTakesTheMessagesBodyWithTheBedrockVersionAndAnswersWithThinking() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"id\":\"msg_bdrk_01\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Sum it.\","
                + "\"signature\":\"sig-b\"},{\"type\":\"text\",\"text\":\"4\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":90,"
                + "\"output_tokens\":6}}"));
        BedrockInstance instance = instance(Map.of("api." + CLAUDE, "invoke"));

        ChatResponse response = instance.chat(ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("system", "Be brief."),
                ChatMessage.of("user", "2+2?"))).extensions(Map.of("reasoning_effort", "low")).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke");
        SigV4Signer.Signature expected = SigV4Signer.of("us-east-1", "bedrock").sign(new AwsCredentials("AKID", "secret"),
                CLOCK.instant(), "POST", sent.path(), null, List.<String[]>of(new String[] {"host", sent.header("Host")}),
                SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)), true);
        assertThat(sent.header("Authorization")).isEqualTo(expected.authorization());
        Map<String, Object> body = json(sent.body());
        assertThat(body).containsEntry("anthropic_version", "bedrock-2023-05-31").doesNotContainKeys("model", "stream");
        assertThat(body.get("system").toString()).contains("Be brief.");
        assertThat(body.get("thinking")).isEqualTo(Map.of("type", "enabled", "budget_tokens", 1024));
        assertThat(response.firstContent()).isEqualTo("4");
        assertThat(response.choices().get(0).message().extensions()).containsEntry("reasoning_content", "Sum it.");
        assertThat(response.usage().promptTokens()).isEqualTo(100);
        assertThat(response.usage().cachedPromptTokens()).isEqualTo(90);
    }

    @Test
    public void claudesStreamedEventsArriveFromBase64ChunksAsTheyCome() throws Exception {
        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_02\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],"
                        + "\"usage\":{\"input_tokens\":15,\"output_tokens\":1}}}"),
                chunk("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"),
                chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Tool.\"}}"),
                chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig-s\"}}"),
                chunk("{\"type\":\"content_block_stop\",\"index\":0}"),
                chunk("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_bdrk_1\",\"name\":\"get_weather\",\"input\":{}}}"),
                chunk("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"),
                chunk("{\"type\":\"content_block_stop\",\"index\":1}"),
                chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":30}}"),
                chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":15,"
                        + "\"outputTokenCount\":30,\"invocationLatency\":900,\"firstByteLatency\":300}}"))));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance(Map.of("api", "invoke")).chatStream(ChatRequest.builder(CLAUDE,
                List.of(ChatMessage.of("user", "Weather?"))).stream(true).build(), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error: %s", subscriber.error()).isTrue();
        assertThat(upstream.last().path())
                .isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream");
        assertThat(json(upstream.last().body())).doesNotContainKey("stream");
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks.get(0).id()).isEqualTo("msg_bdrk_02");
        assertThat(chunks.get(1).extensions()).containsEntry("reasoning_content", "Tool.");
        assertThat(chunks.get(2).extensions().get("thinking_blocks").toString()).contains("sig-s");
        List<Object> toolCalls = new ArrayList<>();
        for (ChatChunk chunk : chunks) {
            if (chunk.extensions().containsKey("tool_calls")) {
                toolCalls.addAll((List<?>) chunk.extensions().get("tool_calls"));
            }
        }
        assertThat(toolCalls.toString()).contains("toolu_bdrk_1").contains("{\"city\":\"Paris\"}");
        assertThat(chunks.get(chunks.size() - 2).finishReason()).isEqualTo("tool_calls");
        assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(30);
    }

    @Test
    public void exceptionsInsideAnInvokeStreamFailItWithTheirCode() throws Exception {
        Object[][] cases = {
                {EventStreamEncoder.exception("throttlingException", "{\"message\":\"Too many requests\"}"),
                        ErrorCode.RATE_LIMIT, true},
                {EventStreamEncoder.exception("modelStreamErrorException", "{\"message\":\"Model failed\","
                        + "\"originalStatusCode\":500}"), ErrorCode.UNAVAILABLE, true},
                {EventStreamEncoder.exception("validationException", "{\"message\":\"Bad input\"}"),
                        ErrorCode.BAD_REQUEST, false},
                {chunk("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                        ErrorCode.UNAVAILABLE, true}};
        BedrockInstance instance = instance(Map.of("api", "invoke"));
        for (Object[] row : cases) {
            upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                    chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"role\":\"assistant\",\"content\":[]}}"),
                    (byte[]) row[0])));
            RecordingSubscriber subscriber = new RecordingSubscriber();
            instance.chatStream(ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("user", "Hi"))).stream(true).build(),
                    inSeconds(5), subscriber);
            assertThat(subscriber.awaitTermination()).isTrue();
            ProviderException error = (ProviderException) subscriber.error();
            assertThat(error).as("%s", row[1]).isNotNull();
            assertThat(error.code()).isEqualTo(row[1]);
            assertThat(error.retryable()).isEqualTo(row[2]);
        }
    }

    @Test
    public void novaOnInvokeModelTakesTheMessagesV1BodyAndItsWrappedEvents() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"text\":\"Hi there.\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,"
                + "\"outputTokens\":3,\"totalTokens\":8,\"cacheReadInputTokenCount\":2,\"cacheWriteInputTokenCount\":0}}"));
        BedrockInstance instance = instance(Map.of("api." + NOVA, "invoke"));
        ChatResponse response = instance.chat(ChatRequest.builder(NOVA, List.of(ChatMessage.of("user", "Hi")))
                .maxTokens(50).build(), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(upstream.last().path()).isEqualTo("/model/us.amazon.nova-lite-v1%3A0/invoke");
        Map<String, Object> body = json(upstream.last().body());
        assertThat(body).containsEntry("schemaVersion", "messages-v1").containsEntry("inferenceConfig", Map.of("maxTokens", 50));
        assertThat(response.firstContent()).isEqualTo("Hi there.");
        assertThat(response.usage().promptTokens()).isEqualTo(7);
        assertThat(response.usage().cachedPromptTokens()).isEqualTo(2);

        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                chunk("{\"messageStart\":{\"role\":\"assistant\"}}"),
                chunk("{\"contentBlockDelta\":{\"delta\":{\"text\":\"Hel\"},\"contentBlockIndex\":0}}"),
                chunk("{\"contentBlockDelta\":{\"delta\":{\"text\":\"lo\"},\"contentBlockIndex\":0}}"),
                chunk("{\"contentBlockStop\":{\"contentBlockIndex\":0}}"),
                chunk("{\"messageStop\":{\"stopReason\":\"end_turn\"}}"),
                chunk("{\"metadata\":{\"usage\":{\"inputTokens\":5,\"outputTokens\":2}},"
                        + "\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":5}}"))));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(ChatRequest.builder(NOVA, List.of(ChatMessage.of("user", "Hi"))).stream(true).build(),
                inSeconds(5), subscriber);
        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error: %s", subscriber.error()).isTrue();
        assertThat(upstream.last().path()).isEqualTo("/model/us.amazon.nova-lite-v1%3A0/invoke-with-response-stream");
        assertThat(subscriber.text()).isEqualTo("Hello");
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(chunks.size() - 2).finishReason()).isEqualTo("stop");
        assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(7);
    }

    @Test
    public void aModelWhoseInvokeBodyIsUnknownIsRefusedWhenTheInstanceIsCreated() {
        assertThatThrownBy(() -> instance(Map.of("api.qwen.qwen3-32b-v1:0", "invoke")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api=converse");
        assertThatThrownBy(() -> instance(Map.of("api", "invokemodel")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("converse or invoke");
    }

    @Test
    public void credentialsFromAProfileFileSignTheRequest() throws Exception {
        Path aws = home.newFolder(".aws").toPath();
        Files.writeString(aws.resolve("credentials"), "[default]\naws_access_key_id = AKIADEFAULT\n"
                + "aws_secret_access_key = defaultsecret\n\n[work]\naws_access_key_id = AKIAWORK\n"
                + "aws_secret_access_key = worksecret\naws_session_token = worktoken\n");
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("converse-answer.json")));
        BedrockInstance instance = instance(null, Map.of("profile", "work"),
                AwsEnvironment.of(name -> null, home.getRoot().toPath()));

        instance.chat(ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("user", "Hi"))).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.header("Authorization")).contains("Credential=AKIAWORK/20250601/us-east-1/bedrock/aws4_request");
        assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("worktoken");
        SigV4Signer.Signature expected = SigV4Signer.of("us-east-1", "bedrock").sign(
                new AwsCredentials("AKIAWORK", "worksecret", "worktoken"), CLOCK.instant(), "POST", sent.path(), null,
                List.<String[]>of(new String[] {"host", sent.header("Host")}),
                SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)), true);
        assertThat(sent.header("Authorization")).isEqualTo(expected.authorization());
    }

    @Test
    public void converseReasoningBlocksComeBackAsReasoningContentPlainAndStreamed() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Think.\",\"signature\":\"sig-c\"}}},"
                + "{\"text\":\"Done.\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,\"outputTokens\":4}}"));
        BedrockInstance instance = instance(Map.of());
        ChatResponse response = instance.chat(ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("user", "Hi")))
                .extensions(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 2000))).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(json(upstream.last().body()).get("additionalModelRequestFields"))
                .isEqualTo(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 2000)));
        assertThat(response.choices().get(0).message().extensions()).containsEntry("reasoning_content", "Think.");
        assertThat(response.choices().get(0).message().extensions().get("thinking_blocks"))
                .isEqualTo(List.of(Map.of("type", "thinking", "thinking", "Think.", "signature", "sig-c")));

        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"text\":\"Think.\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"signature\":\"sig-d\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\"Done.\"}}"),
                EventStreamEncoder.event("messageStop", "{\"stopReason\":\"end_turn\"}"))));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("user", "Hi"))).stream(true).build(),
                inSeconds(5), subscriber);
        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error: %s", subscriber.error()).isTrue();
        assertThat(subscriber.chunks().get(1).extensions()).containsEntry("reasoning_content", "Think.");
        assertThat(subscriber.chunks().get(2).extensions().get("thinking_blocks").toString()).contains("sig-d");
        assertThat(subscriber.text()).isEqualTo("Done.");
    }

    @Test
    @SuppressWarnings("unchecked")
    public void structuredOutputIsAskedForAsOneForcedToolAndAnsweredAsText() throws Exception {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")));
        ChatRequest request = ChatRequest.builder(CLAUDE, List.of(ChatMessage.of("user", "Where?"))).extensions(Map.of(
                "response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "place", "schema", schema))))
                .build();
        upstream.reply(LoopbackUpstream.json(200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"json_tool_call\",\"input\":{\"city\":\"Paris\"}}}]}},"
                + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":3,\"outputTokens\":4}}"));
        BedrockInstance instance = instance(Map.of());

        ChatResponse response = instance.chat(request, inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        Map<String, Object> toolConfig = (Map<String, Object>) json(upstream.last().body()).get("toolConfig");
        assertThat(toolConfig.get("toolChoice")).isEqualTo(Map.of("tool", Map.of("name", "json_tool_call")));
        assertThat(toolConfig.get("tools").toString()).contains("json_tool_call").contains("city");
        assertThat(response.firstContent()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(response.choices().get(0).message().extensions()).doesNotContainKey("tool_calls");

        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamEncoder.event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"t2\",\"name\":\"json_tool_call\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":"
                        + "{\"input\":\"{\\\"city\\\":\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":"
                        + "{\"input\":\"\\\"Paris\\\"}\"}}}"),
                EventStreamEncoder.event("messageStop", "{\"stopReason\":\"tool_use\"}"))));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(request.toBuilder().stream(true).build(), inSeconds(5), subscriber);
        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error: %s", subscriber.error()).isTrue();
        assertThat(subscriber.text()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(subscriber.chunks()).noneMatch(chunk -> chunk.extensions().containsKey("tool_calls"));
        assertThat(subscriber.chunks().get(subscriber.chunks().size() - 1).finishReason()).isEqualTo("stop");
    }
}
