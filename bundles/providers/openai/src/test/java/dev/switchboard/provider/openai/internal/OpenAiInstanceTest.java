package dev.switchboard.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The instance against a local stub that speaks OpenAI's wire format. */
public class OpenAiInstanceTest {

    private static final String KEY = OpenAiErrorsTest.KEY;

    private OpenAiStub stub;
    private HttpClient client;
    private final List<Throwable> seenFailures = new ArrayList<>();

    @Before
    public void start() throws Exception {
        stub = new OpenAiStub();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        stub.close();
    }

    @Test
    public void chatSendsOpenAisRequest() throws Exception {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("response_format", Map.of("type", "json_object"));
        extensions.put("n", 1);
        ChatRequest request = new ChatRequest("gpt-4o-mini", List.of(ChatMessage.of("system", "Be brief."),
                ChatMessage.of("user", "Hello!")), 0.7, null, 64, null, null, false, false, null, extensions);

        instance(Map.of("organization", "org-acme", "project", "proj_1")).chat(request, inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        OpenAiStub.Received sent = stub.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-acme");
        assertThat(sent.header("OpenAI-Project")).isEqualTo("proj_1");
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello!\"}],\"temperature\":0.7,"
                + "\"max_completion_tokens\":64,\"response_format\":{\"type\":\"json_object\"},\"n\":1}");
    }

    @Test
    public void chatMapsTheAnswer() throws Exception {
        stub.answer(OpenAiStub.json(200, "chat-completion.json"));

        ChatResponse response = instance(Map.of()).chat(hello(false), inSeconds(5)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(response.firstContent()).isEqualTo("Hello! How can I assist you today?");
        assertThat(response.usage().totalTokens()).isEqualTo(29);
        assertThat(response.extensions()).containsEntry("service_tier", "default");
        assertThat(stub.last().header("OpenAI-Organization")).isNull();
    }

    @Test
    public void streamAsksForAStreamWithUsage() throws Exception {
        stub.answer(OpenAiStub.sse("chat-stream.sse"));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(stub.last().header("Accept")).isEqualTo("text/event-stream");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hello!\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    public void streamDeliversEveryChunkInOrderAsItArrives() throws Exception {
        List<String> events = WireSamples.events("chat-stream.sse");
        RecordingSubscriber subscriber = new RecordingSubscriber();
        stub.answer((base, response) -> {
            OutputStream out = OpenAiStub.startStream(response);
            OpenAiStub.writeEvent(out, events.get(0));
            // the rest is only written once the first chunk has reached the subscriber: nothing is buffered
            if (!subscriber.awaitFirstChunk()) {
                throw new IllegalStateException("first chunk not delivered while the stream was open");
            }
            for (String data : events.subList(1, events.size())) {
                OpenAiStub.writeEvent(out, data);
            }
        });

        instance(Map.of()).chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.error()).isNull();
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(subscriber.chunks()).extracting(ChatChunk::role, ChatChunk::content, ChatChunk::finishReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("assistant", "", null),
                        org.assertj.core.groups.Tuple.tuple(null, "Hello", null),
                        org.assertj.core.groups.Tuple.tuple(null, "!", null),
                        org.assertj.core.groups.Tuple.tuple(null, " How can I help?", null),
                        org.assertj.core.groups.Tuple.tuple(null, null, "stop"),
                        org.assertj.core.groups.Tuple.tuple(null, null, null));
        ChatChunk usage = subscriber.chunks().get(subscriber.chunks().size() - 1);
        assertThat(usage.isUsageOnly()).isTrue();
        assertThat(usage.usage().totalTokens()).isEqualTo(15);
        assertThat(usage.usage().extensions()).containsKeys("prompt_tokens_details", "completion_tokens_details");
        assertThat(subscriber.text()).isEqualTo("Hello! How can I help?");
    }

    @Test
    public void streamCompletesAtDoneWithoutWaitingForTheConnectionToClose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.answer((base, response) -> {
            OutputStream out = OpenAiStub.startStream(response);
            for (String data : WireSamples.events("chat-stream.sse")) {
                OpenAiStub.writeEvent(out, data);
            }
            release.await(5, TimeUnit.SECONDS);
        });
        RecordingSubscriber subscriber = new RecordingSubscriber();
        try {
            long start = System.nanoTime();
            instance(Map.of()).chatStream(hello(true), inSeconds(10), subscriber);

            assertThat(subscriber.awaitTermination()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
            assertThat(subscriber.completions()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void cancellingTheSubscriptionAbortsTheUpstreamRequest() throws Exception {
        CountDownLatch broken = new CountDownLatch(1);
        stub.answer((base, response) -> trickle(response, broken));
        RecordingSubscriber subscriber = RecordingSubscriber.cancellingAfter(2);

        instance(Map.of()).chatStream(hello(true), inSeconds(10), subscriber);

        assertThat(broken.await(5, TimeUnit.SECONDS)).as("the stub saw the connection close").isTrue();
        Thread.sleep(100);
        assertThat(subscriber.chunks()).hasSize(2);
        assertThat(subscriber.signalsAfterCancel()).isZero();
        assertThat(subscriber.completions()).isZero();
        assertThat(subscriber.error()).isNull();
    }

    @Test
    public void cancellingAChatAbortsTheUpstreamRequest() throws Exception {
        CountDownLatch broken = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        stub.answer((base, response) -> {
            writing.countDown();
            trickle(response, broken);
        });

        CompletableFuture<ChatResponse> call = instance(Map.of()).chat(hello(false), inSeconds(10)).toCompletableFuture();
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        call.cancel(true);

        assertThat(broken.await(5, TimeUnit.SECONDS)).as("the stub saw the connection close").isTrue();
    }

    @Test
    public void chatTimesOutAtTheCallsDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.answer((base, response) -> release.await(5, TimeUnit.SECONDS));
        try {
            long start = System.nanoTime();
            ProviderException e = failure(instance(Map.of()).chat(hello(false),
                    new CallContext("req-1", Instant.now().plusMillis(200))).toCompletableFuture());

            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.retryable()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void theRequestTimeoutSettingBoundsALongerDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.answer((base, response) -> release.await(5, TimeUnit.SECONDS));
        try {
            ProviderException e = failure(instance(Map.of("request.timeout.ms", "200")).chat(hello(false), inSeconds(30))
                    .toCompletableFuture());

            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aStreamThatFallsSilentTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.answer((base, response) -> {
            OutputStream out = OpenAiStub.startStream(response);
            OpenAiStub.writeEvent(out, WireSamples.events("chat-stream.sse").get(0));
            release.await(5, TimeUnit.SECONDS);
        });
        RecordingSubscriber subscriber = new RecordingSubscriber();
        try {
            instance(Map.of("stream.idle.timeout.ms", "300")).chatStream(hello(true), inSeconds(10), subscriber);

            assertThat(subscriber.awaitTermination()).isTrue();
            assertThat(subscriber.chunks()).hasSize(1);
            assertThat(subscriber.error()).isInstanceOf(ProviderException.class);
            assertThat(((ProviderException) subscriber.error()).code()).isEqualTo(ErrorCode.TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void chatErrorsAreMapped() throws Exception {
        assertChatError(OpenAiStub.json(400, "error-400-context-length.json"), ErrorCode.CONTEXT_LENGTH, false, null);
        assertChatError(OpenAiStub.json(401, "error-401-invalid-api-key.json"), ErrorCode.AUTH, false, null);
        assertChatError(OpenAiStub.json(429, "error-429-rate-limit.json", "Retry-After", "2"), ErrorCode.RATE_LIMIT, true,
                Duration.ofSeconds(2));
        assertChatError(OpenAiStub.json(429, "error-429-insufficient-quota.json"), ErrorCode.RATE_LIMIT, false, null);
        assertChatError(OpenAiStub.json(500, "error-500-server-error.json"), ErrorCode.UNAVAILABLE, true, null);
    }

    @Test
    public void aStreamAnsweredWithAnErrorFailsTheSubscriber() throws Exception {
        stub.answer(OpenAiStub.json(429, "error-429-rate-limit.json", "retry-after-ms", "750"));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        ProviderException e = (ProviderException) subscriber.error();
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(750));
        assertThat(e.upstreamStatus()).isEqualTo(429);
        assertThat(e.getMessage()).endsWith("[request req_stub]");
        assertThat(subscriber.chunks()).isEmpty();
    }

    @Test
    public void anErrorEventInsideTheStreamFailsTheSubscriberAndStopsTheUpstream() throws Exception {
        CountDownLatch broken = new CountDownLatch(1);
        stub.answer((base, response) -> {
            OutputStream out = OpenAiStub.startStream(response);
            OpenAiStub.writeEvent(out, WireSamples.events("chat-stream.sse").get(0));
            OpenAiStub.writeEvent(out, "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
            trickle(response, broken);
        });
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        ProviderException e = (ProviderException) subscriber.error();
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("openai stream error server_error: The server had an error");
        assertThat(subscriber.chunks()).hasSize(1);
        assertThat(broken.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    public void aStreamCutOffBeforeTheAnswerFinishedFails() throws Exception {
        stub.answer((base, response) -> {
            OutputStream out = OpenAiStub.startStream(response);
            List<String> events = WireSamples.events("chat-stream.sse");
            OpenAiStub.writeEvent(out, events.get(0));
            OpenAiStub.writeEvent(out, events.get(1));
        });
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(((ProviderException) subscriber.error()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(subscriber.chunks()).hasSize(2);
    }

    @Test
    public void anUnreachableEndpointIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        OpenAiInstance instance = instance("http://127.0.0.1:" + port + "/v1", Map.of());

        ProviderException e = failure(instance.chat(hello(false), inSeconds(5)).toCompletableFuture());
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(hello(true), inSeconds(5), subscriber);

        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(((ProviderException) subscriber.error()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void anExtensionThatIsNoJsonFailsAsABadRequestWithoutACall() throws Exception {
        ChatRequest request = new ChatRequest("gpt-4o", List.of(ChatMessage.of("user", "x")), null, null, null, null,
                null, false, false, null, Map.of("weird", new Object()));

        ProviderException e = failure(instance(Map.of()).chat(request, inSeconds(5)).toCompletableFuture());

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(stub.requests()).isZero();
    }

    @Test
    public void theApiKeyNeverAppearsInMessagesOrToString() throws Exception {
        String echo = WireSamples.text("error-401-invalid-api-key.json")
                .replace("sk-proj-********************************************WXYZ", KEY);
        stub.answer((base, response) -> {
            response.setStatus(401);
            response.getOutputStream().write(echo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        OpenAiInstance instance = instance(Map.of());
        failure(instance.chat(hello(false), inSeconds(5)).toCompletableFuture());
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(hello(true), inSeconds(5), subscriber);
        assertThat(subscriber.awaitTermination()).isTrue();
        seenFailures.add(subscriber.error());
        chatErrorsAreMapped();
        chatTimesOutAtTheCallsDeadline();
        anUnreachableEndpointIsUnavailable();

        assertThat(seenFailures).hasSizeGreaterThan(8);
        for (Throwable failure : seenFailures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain("MustNeverLeak");
                assertThat(t.toString()).doesNotContain(KEY);
            }
        }
        assertThat(instance.toString()).doesNotContain(KEY).contains("openai");
        assertThat(instance.config().toString()).doesNotContain(KEY);
    }

    private void assertChatError(OpenAiStub.Answer answer, ErrorCode code, boolean retryable, Duration retryAfter)
            throws Exception {
        stub.answer(answer);
        ProviderException e = failure(instance(Map.of()).chat(hello(false), inSeconds(5)).toCompletableFuture());
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.retryable()).as(e.getMessage()).isEqualTo(retryable);
        assertThat(e.retryAfter()).isEqualTo(retryAfter);
        assertThat(e.upstreamStatus()).isGreaterThanOrEqualTo(400);
    }

    /** Writes chunks every 20 ms until the client goes away. */
    private static void trickle(javax.servlet.http.HttpServletResponse response, CountDownLatch broken)
            throws InterruptedException {
        try {
            OutputStream out = response.getOutputStream();
            String chunk = WireSamples.events("chat-stream.sse").get(1);
            for (int i = 0; i < 250; i++) {
                OpenAiStub.writeEvent(out, chunk);
                Thread.sleep(20);
            }
        } catch (IOException e) {
            broken.countDown();
        }
    }

    private ProviderException failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        seenFailures.add(thrown.getCause());
        return (ProviderException) thrown.getCause();
    }

    private OpenAiInstance instance(Map<String, String> settings) {
        return instance(stub.baseUrl(), settings);
    }

    private OpenAiInstance instance(String baseUrl, Map<String, String> settings) {
        InstanceConfig config = new InstanceConfig("openai", "openai", baseUrl, KEY,
                List.of(ModelInfo.text("gpt-4o-mini", "0.15", "0.60", 128000)), 1, settings);
        return new OpenAiInstance(config, OpenAiSettings.from(config), client);
    }

    private static ChatRequest hello(boolean stream) {
        return new ChatRequest("gpt-4o-mini", List.of(ChatMessage.of("user", "Hello!")), null, null, null, null, null,
                stream, false, null, null);
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("req-test", Instant.now().plusSeconds(seconds));
    }
}
