package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.provider.HealthCheckResult;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** One instance against a loopback stub replaying the Messages API's documented answers. */
public class AnthropicInstanceTest {

    private HttpClient client;
    private LoopbackUpstream upstream;
    private AnthropicInstance instance;

    @Before
    public void start() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        upstream = LoopbackUpstream.start();
        InstanceConfig config = new InstanceConfig("anthropic", AnthropicProvider.TYPE, upstream.baseUrl() + "/v1",
                AnthropicErrorsTest.KEY, List.of(ModelInfo.text("claude-haiku-4-5", "1", "5", 200000)), 1,
                Map.of(AnthropicSettings.MAX_OUTPUT_TOKENS, "claude-haiku-4-5=64000", AnthropicSettings.BETA, "b1"));
        instance = new AnthropicInstance(config, AnthropicSettings.from(config), client);
    }

    @After
    public void stop() throws Exception {
        upstream.close();
        client.stop();
    }

    private static ChatRequest request(boolean stream) {
        return ChatRequest.builder("claude-haiku-4-5", List.of(ChatMessage.of("user", "weather?"))).stream(stream)
                .build();
    }

    private static CallContext context() {
        return new CallContext("test", Instant.now().plusSeconds(20));
    }

    @Test
    public void sendsTheKeyVersionAndCatalogMaxTokensToMessages() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("message-tool-use.json")));
        ChatResponse response = instance.chat(request(false), context()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("tool_calls", response.choices().get(0).finishReason());
        LoopbackUpstream.Received sent = upstream.last();
        assertEquals("/v1/messages", sent.path());
        assertEquals(AnthropicErrorsTest.KEY, sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertEquals("b1", sent.header("anthropic-beta"));
        assertEquals(null, sent.header("authorization"));
        assertTrue(sent.body(), sent.body().contains("\"max_tokens\":64000"));
    }

    @Test
    public void streamsToolCallsAsTheyArrive() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("message-stream-tool-use.sse")));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(request(true), context(), subscriber);
        assertTrue(subscriber.awaitTermination());
        assertTrue(subscriber.completed());
        assertEquals(7, subscriber.chunks().size());
        assertEquals("tool_calls", subscriber.chunks().get(5).finishReason());
        assertTrue(upstream.last().body().contains("\"stream\":true"));
    }

    @Test
    public void anErrorEventMidStreamFailsTheStreamRetryably() throws Exception {
        upstream.reply(LoopbackUpstream.events(WireSamples.events("message-stream-error.sse")));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance.chatStream(request(true), context(), subscriber);
        assertTrue(subscriber.awaitTermination());
        assertFalse(subscriber.completed());
        ProviderException error = (ProviderException) subscriber.error();
        assertEquals(ErrorCode.UNAVAILABLE, error.code());
        assertTrue(error.retryable());
        assertEquals("Hel", subscriber.text());
    }

    @Test
    public void overloadedAnswersAreRetryable() throws Exception {
        upstream.reply(LoopbackUpstream.json(529, WireSamples.text("error-529-overloaded.json")));
        try {
            instance.chat(request(false), context()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            ProviderException error = (ProviderException) e.getCause();
            assertEquals(ErrorCode.UNAVAILABLE, error.code());
            assertTrue(error.retryable());
            return;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    public void theHealthCheckListsModelsWithTheKeyAndBillsNothing() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-haiku-4-5\"},"
                + "{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\"}],\"has_more\":false}"));

        HealthCheckResult result = instance.check(context()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("2 models listed", result.detail());
        LoopbackUpstream.Received sent = upstream.last();
        assertEquals("GET", sent.method());
        assertEquals("/v1/models", sent.path());
        assertEquals(AnthropicErrorsTest.KEY, sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
    }

    @Test
    public void aRejectedKeyFailsTheHealthCheckWithAuth() throws Exception {
        upstream.reply(LoopbackUpstream.json(401, WireSamples.text("error-401-authentication.json")));

        try {
            instance.check(context()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            org.junit.Assert.fail("the check passed");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof ProviderException);
            assertEquals(ErrorCode.AUTH, ((ProviderException) e.getCause()).code());
            assertTrue(!e.getCause().getMessage().contains(AnthropicErrorsTest.KEY));
        }
    }
}
