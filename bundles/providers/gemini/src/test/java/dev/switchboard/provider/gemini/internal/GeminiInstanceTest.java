package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The instance against a loopback stub that answers with fixtures in Gemini's wire format. */
public class GeminiInstanceTest {

    private static final String KEY = GeminiContractTest.KEY;
    private static final String MODEL = "gemini-2.5-flash";

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

    private GeminiInstance instance() {
        InstanceConfig config = new InstanceConfig("gemini", GeminiProvider.TYPE, upstream.baseUrl() + "/v1beta/", KEY,
                List.of(ModelInfo.text(MODEL, "0.30", "2.50", 1048576)), 1, Map.of());
        return new GeminiInstance(config, GeminiSettings.from(config), client);
    }

    private static ChatRequest hello(String model, boolean stream) {
        return ChatRequest.builder(model, List.of(ChatMessage.of("user", "Hello!"))).stream(stream)
                .includeUsage(stream).build();
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("test", Instant.now().plusSeconds(seconds));
    }

    private static ProviderException failure(ChatRequest request, GeminiInstance instance) throws Exception {
        try {
            instance.chat(request, inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return (ProviderException) e.getCause();
        }
    }

    @Test
    public void chatPostsToGenerateContentWithTheKeyInAHeaderOnly() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("generate-content.json")));

        ChatResponse response = instance().chat(hello(MODEL, false), inSeconds(5)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.header("content-type")).startsWith("application/json");
        assertThat(sent.body()).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello!\"}]}]}");
        assertThat(response.firstContent()).isEqualTo("Hello! How can I help you today?");
        assertThat(response.usage()).isEqualTo(new Usage(14, 39, 4, 0, 30, java.util.Map.of()));
    }

    @Test
    public void aModelWithItsCollectionIsNotPrefixedTwice() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("generate-content.json")));

        instance().chat(hello("tunedModels/my-tune-1", false), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(upstream.last().path()).isEqualTo("/v1beta/tunedModels/my-tune-1:generateContent");
    }

    @Test
    public void aModelIdThatWouldLeaveThePathIsRefusedWithoutACall() throws Exception {
        ProviderException e = failure(hello("../../files/x?alt=media", false), instance());

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    public void streamAsksForServerSentEventsAndEndsWithTheUsage() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("stream.sse")));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance().chatStream(hello(MODEL, true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("completed: %s", subscriber.error()).isTrue();
        assertThat(upstream.last().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(upstream.last().header("accept")).isEqualTo("text/event-stream");
        assertThat(subscriber.text()).isEqualTo("The quick brown fox jumps.");
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks.get(chunks.size() - 2).finishReason()).isEqualTo("length");
        assertThat(chunks.get(chunks.size() - 1).isUsageOnly()).isTrue();
        assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new Usage(7, 18, 0, 0, 12, java.util.Map.of()));
    }

    @Test
    public void streamDeliversEachEventBeforeTheNextIsSent() throws Exception {
        List<String> events = WireSamples.events("stream.sse");
        RecordingSubscriber subscriber = new RecordingSubscriber();
        upstream.reply(exchange -> {
            exchange.beginEvents(Map.of());
            exchange.event(events.get(0));
            // the rest is only written once the first chunk reached the subscriber: nothing is buffered
            try {
                if (!subscriber.awaitFirstChunk()) {
                    throw new IllegalStateException("first chunk not delivered while the stream was open");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (String event : events.subList(1, events.size())) {
                exchange.event(event);
            }
            exchange.endEvents();
        });

        instance().chatStream(hello(MODEL, true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("completed: %s", subscriber.error()).isTrue();
        assertThat(subscriber.chunks().get(0).content()).isEqualTo("The");
    }

    @Test
    public void anErrorEventMidStreamEndsTheStreamRetryablyAfterWhatCameBefore() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("stream-error.sse")));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance().chatStream(hello(MODEL, true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.text()).isEqualTo("Partial");
        assertThat(subscriber.error()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    public void aBlockedPromptFailsTheStreamWithContentFilter() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("stream-blocked.sse")));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance().chatStream(hello(MODEL, true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.chunks()).isEmpty();
        assertThat(subscriber.error()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER));
    }

    @Test
    public void aBlockedPromptFailsTheChatWithContentFilter() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("generate-content-blocked.json")));

        ProviderException e = failure(hello(MODEL, false), instance());

        assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    public void rateLimitedChatCarriesGooglesRetryDelay() throws Exception {
        upstream.reply(LoopbackUpstream.json(429, WireSamples.text("error-429-resource-exhausted.json")));

        ProviderException e = failure(hello(MODEL, false), instance());

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    public void aStreamRefusedBeforeItBeganIsMappedLikeAChat() throws Exception {
        upstream.reply(LoopbackUpstream.json(400, WireSamples.text("error-400-api-key-invalid.json")));
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance().chatStream(hello(MODEL, true), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.error()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTH);
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
    }

    @Test
    public void theHealthCheckListsModelsWithTheKeyInAHeader() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},"
                + "{\"name\":\"models/gemini-2.5-pro\",\"supportedGenerationMethods\":[\"generateContent\"]}],"
                + "\"nextPageToken\":\"x\"}"));

        String detail = instance().check(new dev.switchboard.api.provider.CallContext("health",
                java.time.Instant.now().plusSeconds(10))).toCompletableFuture().get(10, TimeUnit.SECONDS).detail();

        org.assertj.core.api.Assertions.assertThat(detail).isEqualTo("2 models listed");
        org.assertj.core.api.Assertions.assertThat(upstream.last().method()).isEqualTo("GET");
        org.assertj.core.api.Assertions.assertThat(upstream.last().path()).isEqualTo("/v1beta/models");
        org.assertj.core.api.Assertions.assertThat(upstream.last().header("x-goog-api-key")).isEqualTo(KEY);
    }
}
