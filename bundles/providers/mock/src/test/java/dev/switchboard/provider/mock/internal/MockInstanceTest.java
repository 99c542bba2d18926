package dev.switchboard.provider.mock.internal;

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
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.testkit.RecordingSubscriber;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class MockInstanceTest {

    private static final CallContext CONTEXT = new CallContext("req-1", Instant.now().plusSeconds(30));
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private final LatencyTimer timer = new LatencyTimer(2);

    @After
    public void stopTimer() {
        timer.stop();
    }

    private MockInstance instance(Map<String, String> settings) {
        InstanceConfig config = new InstanceConfig("mock", "mock", null, null, List.of(), 1, settings);
        return new MockInstance(config, MockSettings.from(settings), timer, CLOCK);
    }

    @Test
    public void servesTheDefaultModelsWhenCreatedWithoutAny() {
        assertThat(instance(Map.of()).models()).isEqualTo(MockModels.DEFAULTS);
    }

    @Test
    public void answersInlineWithoutLatency() {
        CompletableFuture<ChatResponse> answer = instance(Map.of())
                .chat(request("mock-echo", false, "ping"), CONTEXT).toCompletableFuture();

        assertThat(answer).isCompleted();
        ChatResponse response = answer.join();
        assertThat(response.firstContent()).isEqualTo("ping");
        assertThat(response.model()).isEqualTo("mock-echo");
        assertThat(response.id()).startsWith("chatcmpl-mock-");
        assertThat(response.createdEpochSeconds()).isEqualTo(1_700_000_000L);
        assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(response.choices().get(0).message().role()).isEqualTo("assistant");
        assertThat(response.usage()).isEqualTo(new Usage(1, 1));
    }

    @Test
    public void answersAfterTheConfiguredLatency() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<ChatResponse> answer = instance(Map.of("latency.ms", "60"))
                .chat(request("mock-echo", false, "ping"), CONTEXT).toCompletableFuture();

        assertThat(answer.get(10, TimeUnit.SECONDS).firstContent()).isEqualTo("ping");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(60);
    }

    @Test
    public void failsInjectedCallsWithTheConfiguredCode() {
        CompletableFuture<ChatResponse> answer = instance(Map.of("error.rate", "1.0", "error.code", "TIMEOUT"))
                .chat(request("mock-echo", false, "ping"), CONTEXT).toCompletableFuture();

        assertThat(answer).isCompletedExceptionally();
        assertThat(failure(answer).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failure(answer).retryable()).isTrue();
    }

    @Test
    public void failsInjectedCallsAfterTheLatency() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<ChatResponse> answer = instance(Map.of("error.rate", "1.0", "latency.ms", "30"))
                .chat(request("mock-echo", false, "ping"), CONTEXT).toCompletableFuture();

        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // inspected below
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(30);
        assertThat(failure(answer).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void rejectsUnknownModelsAndClosedInstances() {
        MockInstance instance = instance(Map.of("latency.ms", "10000"));

        CompletableFuture<ChatResponse> unknown = instance.chat(request("gpt-4o", false, "ping"), CONTEXT)
                .toCompletableFuture();
        assertThat(failure(unknown).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(unknown).retryable()).isFalse();

        instance.close();
        CompletableFuture<ChatResponse> closed = instance.chat(request("mock-echo", false, "ping"), CONTEXT)
                .toCompletableFuture();
        assertThat(failure(closed).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void stoppingTheTimerFailsWaitingCalls() {
        CompletableFuture<ChatResponse> answer = instance(Map.of("latency.ms", "10000"))
                .chat(request("mock-echo", false, "ping"), CONTEXT).toCompletableFuture();

        timer.stop();

        assertThat(failure(answer).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failure(answer).getMessage()).contains("stopped");
    }

    @Test
    public void streamsRoleThenWordsThenFinishThenUsage() {
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(request("mock-echo", true, "hello streaming world"), CONTEXT, subscriber);

        assertThat(subscriber.completed()).isTrue();
        List<ChatChunk> chunks = subscriber.chunks();
        assertThat(chunks).hasSize(6);
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks).extracting(ChatChunk::content)
                .containsExactly("", "hello", " streaming", " world", null, null);
        assertThat(chunks.get(4).finishReason()).isEqualTo("stop");
        assertThat(chunks.get(5).isUsageOnly()).isTrue();
        assertThat(chunks.get(5).usage()).isEqualTo(new Usage(6, 6));
        assertThat(chunks).extracting(ChatChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks).extracting(ChatChunk::model).containsOnly("mock-echo");
    }

    @Test
    public void streamsInlineOnTheCallersThreadWithoutDelays() {
        RecordingSubscriber subscriber = new RecordingSubscriber();

        instance(Map.of()).chatStream(request("mock-echo", false, "a b c"), CONTEXT, subscriber);

        assertThat(subscriber.completed()).isTrue();
        assertThat(subscriber.threads()).containsOnly(Thread.currentThread().getName());
    }

    @Test
    public void leavesOutUsageUnlessAskedAndReportsLengthWhenCut() {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        ChatRequest request = new ChatRequest("mock-lorem", List.of(ChatMessage.of(ChatMessage.USER, "hi")), null,
                null, 10, null, 5L, true, false, null, Map.of());

        instance(Map.of()).chatStream(request, CONTEXT, subscriber);

        ChatChunk last = subscriber.chunks().get(subscriber.chunks().size() - 1);
        assertThat(last.finishReason()).isEqualTo("length");
        assertThat(subscriber.chunks()).noneMatch(ChatChunk::isUsageOnly);
        assertThat(subscriber.text()).isEqualTo(instance(Map.of()).chat(request, CONTEXT).toCompletableFuture()
                .join().firstContent());
    }

    @Test
    public void streamsWithLatencyAndChunkDelayOnTheTimer() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        long start = System.nanoTime();

        instance(Map.of("latency.ms", "20", "stream.chunk.delay.ms", "10"))
                .chatStream(request("mock-echo", true, "one two three"), CONTEXT, subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).isTrue();
        assertThat(subscriber.text()).isEqualTo("one two three");
        // 20 ms, then 5 gaps of 10 ms between the 6 chunks
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(70);
        assertThat(subscriber.threads()).allMatch(name -> name.startsWith("switchboard-mock-timer-"));
    }

    @Test
    public void cancellingStopsEmission() throws Exception {
        RecordingSubscriber inline = new RecordingSubscriber(Long.MAX_VALUE, 2);
        instance(Map.of()).chatStream(request("mock-echo", true, "one two three four"), CONTEXT, inline);
        assertThat(inline.chunks()).hasSize(2);
        assertThat(inline.completed()).isFalse();
        assertThat(inline.error()).isNull();

        RecordingSubscriber timed = new RecordingSubscriber(Long.MAX_VALUE, 2);
        instance(Map.of("stream.chunk.delay.ms", "5"))
                .chatStream(request("mock-echo", true, "one two three four"), CONTEXT, timed);
        Thread.sleep(100);
        assertThat(timed.chunks()).hasSize(2);
        assertThat(timed.isTerminated()).isFalse();
    }

    @Test
    public void honoursDemand() {
        RecordingSubscriber subscriber = new RecordingSubscriber(1, Integer.MAX_VALUE);
        instance(Map.of()).chatStream(request("mock-echo", false, "one two three"), CONTEXT, subscriber);

        assertThat(subscriber.chunks()).hasSize(1);
        subscriber.subscription().request(2);
        assertThat(subscriber.chunks()).hasSize(3);
        subscriber.subscription().request(10);
        assertThat(subscriber.chunks()).hasSize(5);
        assertThat(subscriber.completed()).isTrue();
    }

    @Test
    public void signalsErrorForNonPositiveDemand() {
        RecordingSubscriber subscriber = new RecordingSubscriber(0, Integer.MAX_VALUE);
        instance(Map.of()).chatStream(request("mock-echo", false, "one"), CONTEXT, subscriber);

        subscriber.subscription().request(0);

        assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void streamsInjectedAndValidationFailuresAsOnError() throws Exception {
        RecordingSubscriber injected = new RecordingSubscriber();
        instance(Map.of("error.rate", "1", "error.code", "RATE_LIMIT", "latency.ms", "10"))
                .chatStream(request("mock-echo", true, "hi"), CONTEXT, injected);
        assertThat(injected.awaitTermination()).isTrue();
        assertThat(injected.chunks()).isEmpty();
        assertThat(((ProviderException) injected.error()).code()).isEqualTo(ErrorCode.RATE_LIMIT);

        RecordingSubscriber unknown = new RecordingSubscriber();
        instance(Map.of("latency.ms", "10000")).chatStream(request("nope", true, "hi"), CONTEXT, unknown);
        assertThat(((ProviderException) unknown.error()).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    public void stoppingTheTimerEndsWaitingStreams() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance(Map.of("stream.chunk.delay.ms", "10000"))
                .chatStream(request("mock-echo", true, "one two three"), CONTEXT, subscriber);
        assertThat(subscriber.chunks()).hasSize(1);

        timer.stop();

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(((ProviderException) subscriber.error()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        Throwable[] cause = new Throwable[1];
        future.whenComplete((r, e) -> cause[0] = e);
        Throwable e = cause[0];
        while (!(e instanceof ProviderException) && e != null) {
            e = e.getCause();
        }
        assertThat(e).isInstanceOf(ProviderException.class);
        return (ProviderException) e;
    }

    private static ChatRequest request(String model, boolean includeUsage, String text) {
        return new ChatRequest(model, List.of(ChatMessage.of(ChatMessage.USER, text)), null, null, null, null, null,
                includeUsage, includeUsage, null, Map.of());
    }

    @Test
    public void theHealthCheckPassesUnlessFailuresAreInjectedOrTheInstanceIsClosed() throws Exception {
        CallContext context = new CallContext("health", Instant.now().plusSeconds(5));
        assertThat(instance(Map.of()).check(context).toCompletableFuture().get(5, TimeUnit.SECONDS).detail())
                .isEqualTo("2 models");

        Throwable injected = catchThrowable(() -> instance(Map.of("error.rate", "1.0", "error.code", "UNAVAILABLE"))
                .check(context).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(injected.getCause()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

        MockInstance closing = instance(Map.of());
        closing.close();
        assertThat(closing.check(context).toCompletableFuture().isCompletedExceptionally()).isTrue();
    }

    @Test
    public void healthChecksDoNotShiftWhichSeededCallsFail() {
        Map<String, String> seeded = Map.of("error.rate", "0.5", "error.seed", "42");
        MockInstance quiet = instance(seeded);
        MockInstance checked = instance(seeded);
        CallContext context = new CallContext("t", Instant.now().plusSeconds(5));
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            checked.check(context);
            expected.append(quiet.chat(hello(), context).toCompletableFuture().isCompletedExceptionally() ? 'x' : '.');
            actual.append(checked.chat(hello(), context).toCompletableFuture().isCompletedExceptionally() ? 'x' : '.');
        }
        assertThat(actual.toString()).isEqualTo(expected.toString()).contains("x").contains(".");
    }

    private static ChatRequest hello() {
        return ChatRequest.builder("mock-echo", List.of(ChatMessage.of("user", "hi"))).build();
    }
}
