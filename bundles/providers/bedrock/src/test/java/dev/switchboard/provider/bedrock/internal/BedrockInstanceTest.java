package dev.switchboard.provider.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The instance against a loopback stub that speaks Bedrock Runtime's wire format (fixtures under fixtures/). */
public class BedrockInstanceTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    private static final AwsCredentials CREDENTIALS = new AwsCredentials("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-value");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

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

    private BedrockInstance instance(String apiKey, Map<String, String> environment) {
        InstanceConfig config = new InstanceConfig("bedrock-us", BedrockProvider.TYPE, upstream.baseUrl(), apiKey,
                List.of(ModelInfo.text(MODEL, "3", "15", 200000)), 1, Map.of("region", "us-east-1"));
        BedrockProvider provider = new BedrockProvider(() -> client, Configs.bedrock(Map.of()),
                AwsEnvironment.of(environment::get, null), CLOCK, Map.of());
        return (BedrockInstance) provider.createInstance(config);
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("test", Instant.now().plusSeconds(seconds));
    }

    @Test
    public void converseIsSignedForThePathAsSentWithTheModelIdsColonEncoded() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("converse-answer.json"), "x-amzn-RequestId", "req-1"));
        BedrockInstance instance = instance(null, Map.of("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey(), "AWS_SESSION_TOKEN", CREDENTIALS.sessionToken()));

        ChatResponse response = instance.chat(ChatRequest.builder(MODEL, List.of(ChatMessage.of("user", "Hi"))).build(),
                inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse");
        assertThat(sent.header("X-Amz-Date")).isEqualTo("20250601T100000Z");
        assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("session-token-value");
        assertThat(sent.header("X-Amz-Content-Sha256"))
                .isEqualTo(SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)));
        // what AWS does on receipt: sign the request it got (path as received, host as sent) and compare
        SigV4Signer.Signature expected = SigV4Signer.of("us-east-1", "bedrock").sign(CREDENTIALS, CLOCK.instant(), "POST",
                sent.path(), null, List.<String[]>of(new String[] {"host", sent.header("Host")}),
                SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)), true);
        assertThat(sent.header("Authorization")).isEqualTo(expected.authorization());
        assertThat(response.id()).isEqualTo("req-1");
        assertThat(response.firstContent()).isEqualTo("Hello! How can I help?");
        assertThat(response.usage().promptTokens()).as("input + cache read + cache write").isEqualTo(12 + 100 + 5);
        assertThat(response.usage().completionTokens()).isEqualTo(8);
        assertThat(response.usage().cachedPromptTokens()).as("priced at the cached-input price").isEqualTo(100);
        assertThat(response.usage().cacheWriteTokens()).isEqualTo(5);
    }

    @Test
    public void aBedrockApiKeyIsSentAsABearerTokenUnsigned() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("converse-answer.json")));
        BedrockInstance instance = instance(null, Map.of("AWS_BEARER_TOKEN_BEDROCK", "ABSKexamplekey",
                "AWS_ACCESS_KEY_ID", "AKIAIGNORED", "AWS_SECRET_ACCESS_KEY", "ignored"));

        instance.chat(ChatRequest.builder(MODEL, List.of(ChatMessage.of("user", "Hi"))).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer ABSKexamplekey");
        assertThat(upstream.last().header("X-Amz-Date")).isNull();
    }

    @Test
    public void toolCallsComeBackAsOpenAiToolCalls() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("converse-tool-use.json")));

        ChatResponse response = instance("AKID:secret", Map.of()).chat(
                ChatRequest.builder(MODEL, List.of(ChatMessage.of("user", "Weather in Paris?"))).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
        assertThat(response.choices().get(0).message().content()).isEqualTo("Let me check.");
        assertThat(response.choices().get(0).message().extensions().get("tool_calls")).isEqualTo(List.of(Map.of(
                "id", "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}"))));
    }

    @Test
    public void aStreamedToolCallArrivesAsStreamedToolCallArguments() throws Exception {
        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\",\"p\":\"abcdefgh\"}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Checking.\"}}"),
                EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                EventStreamEncoder.event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"),
                EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":1}"),
                EventStreamEncoder.event("messageStop", "{\"stopReason\":\"tool_use\"}"),
                EventStreamEncoder.event("metadata", "{\"usage\":{\"inputTokens\":20,\"outputTokens\":9,"
                        + "\"cacheReadInputTokens\":3},\"metrics\":{\"latencyMs\":1}}"))));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance("AKID:secret", Map.of()).chatStream(ChatRequest.builder(MODEL,
                List.of(ChatMessage.of("user", "Weather?"))).stream(true).build(), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error: %s", subscriber.error()).isTrue();
        assertThat(upstream.last().path()).isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream");
        assertThat(upstream.last().header("Accept")).isEqualTo("application/vnd.amazon.eventstream");
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(subscriber.text()).isEqualTo("Checking.");
        List<Object> toolCalls = new ArrayList<>();
        for (ChatChunk chunk : chunks) {
            if (chunk.extensions().containsKey("tool_calls")) {
                toolCalls.addAll((List<?>) chunk.extensions().get("tool_calls"));
            }
        }
        assertThat(toolCalls).containsExactly(
                Map.of("index", 0, "id", "tooluse_1", "type", "function",
                        "function", Map.of("name", "get_weather", "arguments", "")),
                Map.of("index", 0, "function", Map.of("arguments", "{\"city\":")),
                Map.of("index", 0, "function", Map.of("arguments", "\"Paris\"}")));
        assertThat(chunks.get(chunks.size() - 2).finishReason()).isEqualTo("tool_calls");
        assertThat(chunks.get(chunks.size() - 1).usage().promptTokens()).isEqualTo(23);
    }

    @Test
    public void aThrottlingExceptionInsideTheStreamIsARetryableRateLimit() throws Exception {
        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
                EventStreamEncoder.exception("throttlingException", "{\"message\":\"Too many tokens, please wait.\"}"))));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance("AKID:secret", Map.of()).chatStream(ChatRequest.builder(MODEL,
                List.of(ChatMessage.of("user", "Hi"))).stream(true).build(), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        ProviderException error = (ProviderException) subscriber.error();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(error.retryable()).isTrue();
        assertThat(error.getMessage()).contains("throttlingException").contains("Too many tokens");
        assertThat(subscriber.text()).isEqualTo("Hel");
    }

    @Test
    public void aCorruptedFrameFailsTheStreamAsTheUpstreamsFault() throws Exception {
        byte[] frame = EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}");
        frame[frame.length - 10] ^= 0x20;
        upstream.reply(LoopbackUpstream.stream(BedrockInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"), frame)));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance("AKID:secret", Map.of()).chatStream(ChatRequest.builder(MODEL,
                List.of(ChatMessage.of("user", "Hi"))).stream(true).build(), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        ProviderException error = (ProviderException) subscriber.error();
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.getMessage()).contains("CRC");
    }

    @Test
    public void errorTypesMapToErrorCodes() throws Exception {
        Object[][] cases = {
                {429, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", ErrorCode.RATE_LIMIT, true},
                {400, "ValidationException", ErrorCode.BAD_REQUEST, false},
                {400, "ValidationException", ErrorCode.CONTEXT_LENGTH, false},
                {429, "ModelNotReadyException", ErrorCode.UNAVAILABLE, true},
                {503, "ServiceUnavailableException", ErrorCode.UNAVAILABLE, true},
                {403, "AccessDeniedException", ErrorCode.PERMISSION, false},
                {403, "UnrecognizedClientException", ErrorCode.AUTH, false},
                {404, "ResourceNotFoundException", ErrorCode.NOT_FOUND, false},
                {408, "ModelTimeoutException", ErrorCode.TIMEOUT, true},
                {424, "ModelErrorException", ErrorCode.UNAVAILABLE, true},
                {400, "ServiceQuotaExceededException", ErrorCode.RATE_LIMIT, false}};
        BedrockInstance instance = instance("AKID:wJalrXUtnFEMI", Map.of());
        for (Object[] row : cases) {
            String message = row[2] == ErrorCode.CONTEXT_LENGTH ? "Input is too long for requested model."
                    : "failed with key wJalrXUtnFEMI";
            upstream.reply(LoopbackUpstream.json((Integer) row[0], "{\"message\":\"" + message + "\"}",
                    "x-amzn-ErrorType", (String) row[1], "x-amzn-RequestId", "req-9"));
            Throwable failure = catchThrowable(() -> instance.chat(ChatRequest.builder(MODEL,
                    List.of(ChatMessage.of("user", "Hi"))).build(), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            ProviderException error = (ProviderException) ((ExecutionException) failure).getCause();
            assertThat(error.code()).as("%s", row[1]).isEqualTo(row[2]);
            assertThat(error.retryable()).as("%s retryable", row[1]).isEqualTo(row[3]);
            assertThat(error.getMessage()).as("%s", row[1]).doesNotContain("wJalrXUtnFEMI").contains("req-9");
        }
    }
}
