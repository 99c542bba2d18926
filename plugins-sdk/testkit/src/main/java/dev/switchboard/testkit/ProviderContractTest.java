package dev.switchboard.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.After;
import org.junit.Test;
import org.junit.internal.AssumptionViolatedException;

/**
 * The contract every {@link ProviderInstance} keeps, as a JUnit 4 test a provider's test class extends (in the
 * spirit of Camel's {@code CamelTestSupport}). The subclass says how to make an instance and how to make its
 * upstream behave: each {@code script...} hook prepares the <em>next</em> call, and the test then creates the
 * instance with {@link #createInstance()} and calls it. HTTP providers extend {@link HttpProviderContractTest},
 * which does the scripting on a {@link LoopbackUpstream} and asks only for the wire format.
 *
 * <p>A behaviour that cannot happen to a provider (an in-process provider has no connection to reset) is
 * declared, not silently passed: the hook throws {@link #notApplicable(String)}, and JUnit reports the test
 * as skipped with that reason.
 *
 * <p>What is checked: a chat answer's text, finish reason and usage; that the fields beyond those which the
 * upstream answered reach the records unchanged, streamed or not ({@link #scriptAnswerWithExtraFields}); a stream's order (role first, then
 * content, then the finish reason, then the usage chunk), that it ends with exactly one terminal signal and
 * nothing after it; that cancelling a stream stops the upstream and silences the stream; the deadline; and the
 * error matrix: 401 is {@code AUTH}, 403 {@code PERMISSION} (or {@code AUTH}), neither retryable; 429 with
 * {@code Retry-After} is a retryable {@code RATE_LIMIT} carrying the wait; 400 is {@code BAD_REQUEST}, not
 * retryable; 500, 502, 503 and 529 are retryable {@code UNAVAILABLE}; a reset mid-stream and a malformed body
 * are retryable failures that are not the client's fault. Every failure is a {@link ProviderException}, as the
 * stage's exception or through {@code onError}.
 */
public abstract class ProviderContractTest {

    /** A bound on every wait, not a speed requirement. */
    protected static final long WAIT_SECONDS = RecordingSubscriber.WAIT_SECONDS;

    /** The text the scripted answers carry; a provider that echoes answers with the user message, which is this. */
    protected static final String ANSWER = "Hello from the contract test.";

    private ProviderInstance instance;

    // ---- what the provider's test supplies ----

    /** A new instance, configured for the upstream as scripted so far. Closed after each test. */
    protected abstract ProviderInstance createInstance() throws Exception;

    /** A model the instance serves (its upstream id). */
    protected abstract String model();

    /**
     * The next call answers {@code text} (finish reason {@code stop}); returns the usage the provider will
     * report for it, for the test to compare. {@code stream}: whether the next call is a streaming one.
     */
    protected abstract Usage scriptAnswer(String text, boolean stream) throws Exception;

    /**
     * The next call fails as the upstream answering this HTTP status with its usual error body and these
     * headers would (e.g. {@code Retry-After}).
     */
    protected abstract void scriptFailure(int status, Map<String, String> headers, boolean stream) throws Exception;

    /** The next call gets no answer at all, until the caller gives up. */
    protected abstract void scriptHang(boolean stream) throws Exception;

    /** The next streaming call sends the role and {@code partial} content, then waits until cancelled. */
    protected abstract void scriptStreamThenHang(String partial) throws Exception;

    /** The next streaming call sends the role and {@code partial} content, then its connection is reset. */
    protected abstract void scriptResetMidStream(String partial) throws Exception;

    /** The next call's answer is not the upstream's format (a 200 with a body that does not parse). */
    protected abstract void scriptMalformed(boolean stream) throws Exception;

    /** After a stream was cancelled: whether the upstream saw its call end (connection closed, timer stopped). */
    protected abstract boolean awaitUpstreamCancelled() throws Exception;

    /**
     * The next call answers with every field the upstream's format has beyond text, finish reason and usage counts
     * (for an OpenAI-format upstream: a fixture with every documented field of the chat completion or chunk
     * object, and an unknown one at each level), and returns what of it must reach the {@link ChatResponse} or the
     * {@link ChatChunk}s unchanged. A provider with nothing beyond those (an in-process one) throws
     * {@link #notApplicable(String)}; that is the default, reported as skipped so it is a visible choice.
     */
    protected ExtraFields scriptAnswerWithExtraFields(boolean stream) throws Exception {
        throw notApplicable("the test declares no answer fields beyond text, finish reason and usage "
                + "(override scriptAnswerWithExtraFields)");
    }

    /** How long the deadline test gives the call; the hang must outlast it. */
    protected Duration shortDeadline() {
        return Duration.ofMillis(300);
    }

    /** Thrown by a hook for a behaviour that cannot happen to this provider; the test is reported as skipped. */
    protected static AssumptionViolatedException notApplicable(String why) {
        return new AssumptionViolatedException("not applicable: " + why);
    }

    // ---- helpers for subclasses and tests ----

    protected final ProviderInstance instance() throws Exception {
        if (instance == null) {
            instance = createInstance();
            assertNotNull("createInstance returned null", instance);
        }
        return instance;
    }

    @After
    public final void closeInstance() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }

    protected ChatRequest request(boolean stream) {
        return ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.USER, ANSWER)))
                .stream(stream).includeUsage(stream).build();
    }

    protected static CallContext context() {
        return new CallContext("contract-test", Instant.now().plusSeconds(WAIT_SECONDS * 3));
    }

    protected ChatResponse chat() throws Exception {
        return instance().chat(request(false), context()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    protected ProviderException chatFailure(CallContext context) throws Exception {
        CompletableFuture<ChatResponse> call = instance().chat(request(false), context).toCompletableFuture();
        try {
            ChatResponse response = call.get(WAIT_SECONDS, TimeUnit.SECONDS);
            fail("expected the call to fail, it answered " + response);
            return null;
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new AssertionError("the call neither answered nor failed within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            return providerException(e.getCause());
        }
    }

    protected RecordingSubscriber stream(RecordingSubscriber subscriber, CallContext context) throws Exception {
        instance().chatStream(request(true), context, subscriber);
        return subscriber;
    }

    protected static ProviderException streamFailure(RecordingSubscriber subscriber) throws InterruptedException {
        assertTrue("the stream did not end within " + WAIT_SECONDS + " s", subscriber.awaitTermination());
        assertFalse("the stream completed, expected a failure", subscriber.completed());
        assertExactlyOneTerminal(subscriber);
        return providerException(subscriber.error());
    }

    protected static ProviderException providerException(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof ProviderException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            throw new AssertionError("a failure must be a ProviderException, was " + failure, failure);
        }
        return (ProviderException) cause;
    }

    protected static void assertExactlyOneTerminal(RecordingSubscriber subscriber) {
        assertEquals("onSubscribe calls", 1, subscriber.subscribes());
        assertEquals("terminal signals (onComplete/onError)", 1, subscriber.terminals());
        assertEquals("signals after the terminal one", 0, subscriber.signalsAfterTerminal());
    }

    private void assertFailsBothWays(int status, Map<String, String> headers, ErrorCode expected, ErrorCode alsoAllowed,
                                     boolean retryable) throws Exception {
        scriptFailure(status, headers, false);
        ProviderException chat = chatFailure(context());
        assertCode(status + " (chat)", chat, expected, alsoAllowed, retryable);
        closeInstance();

        scriptFailure(status, headers, true);
        ProviderException streamed = streamFailure(stream(new RecordingSubscriber(), context()));
        assertCode(status + " (stream)", streamed, expected, alsoAllowed, retryable);
    }

    private static void assertCode(String what, ProviderException e, ErrorCode expected, ErrorCode alsoAllowed,
                                   boolean retryable) {
        assertTrue(what + ": expected " + expected + ", was " + e.code() + " (" + e.getMessage() + ")",
                e.code() == expected || e.code() == alsoAllowed);
        assertEquals(what + ": retryable", retryable, e.retryable());
    }

    // ---- the contract ----

    @Test
    public void chatAnswersWithTextFinishReasonAndUsage() throws Exception {
        Usage usage = scriptAnswer(ANSWER, false);

        ChatResponse response = chat();

        assertEquals(ANSWER, response.firstContent());
        assertEquals(ChatMessage.ASSISTANT, response.choices().get(0).message().role());
        assertEquals("stop", response.choices().get(0).finishReason());
        assertEquals("usage", usage, response.usage());
        assertNotNull("id", response.id());
    }

    @Test
    public void streamSendsRoleThenContentThenFinishThenUsageAndEndsOnce() throws Exception {
        Usage usage = scriptAnswer(ANSWER, true);

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertTrue("the stream did not end within " + WAIT_SECONDS + " s", subscriber.awaitTermination());
        assertTrue("the stream failed: " + subscriber.error(), subscriber.completed());
        assertExactlyOneTerminal(subscriber);
        List<ChatChunk> chunks = subscriber.chunks();
        assertFalse("no chunks", chunks.isEmpty());
        assertEquals("the first chunk carries the role", ChatMessage.ASSISTANT, chunks.get(0).role());
        assertEquals(ANSWER, subscriber.text());
        int finish = -1;
        int usageAt = -1;
        for (int i = 0; i < chunks.size(); i++) {
            ChatChunk chunk = chunks.get(i);
            if (chunk.finishReason() != null) {
                assertEquals("one finish reason", -1, finish);
                assertEquals("stop", chunk.finishReason());
                finish = i;
            } else if (chunk.content() != null && !chunk.content().isEmpty()) {
                assertEquals("content after the finish reason", -1, finish);
            }
            if (chunk.usage() != null) {
                usageAt = i;
            }
        }
        assertTrue("no chunk with the finish reason", finish >= 0);
        assertEquals("the usage chunk comes last", chunks.size() - 1, usageAt);
        assertTrue("usage comes after the finish reason", usageAt >= finish);
        assertEquals("usage", usage, chunks.get(usageAt).usage());
    }

    @Test
    public void chatKeepsEveryFieldTheUpstreamAnswered() throws Exception {
        ExtraFields expected = scriptAnswerWithExtraFields(false);

        expected.assertKeptBy(chat());
    }

    @Test
    public void streamKeepsEveryFieldTheUpstreamAnswered() throws Exception {
        ExtraFields expected = scriptAnswerWithExtraFields(true);

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());

        assertTrue("the stream did not end within " + WAIT_SECONDS + " s", subscriber.awaitTermination());
        assertTrue("the stream failed: " + subscriber.error(), subscriber.completed());
        expected.assertKeptBy(subscriber.chunks());
    }

    @Test
    public void cancellingAStreamStopsTheUpstreamAndSilencesTheStream() throws Exception {
        scriptStreamThenHang("Hel");

        RecordingSubscriber subscriber = stream(RecordingSubscriber.cancellingAfter(1), context());

        assertTrue("no chunk arrived within " + WAIT_SECONDS + " s", subscriber.awaitFirstChunk());
        assertTrue("the upstream did not stop after the cancel", awaitUpstreamCancelled());
        assertEquals("signals after cancel", 0, subscriber.signalsAfterCancel());
        assertEquals(1, subscriber.chunks().size());
    }

    @Test
    public void aChatPastItsDeadlineFailsWithTimeout() throws Exception {
        scriptHang(false);

        ProviderException e = chatFailure(new CallContext("contract-test", Instant.now().plus(shortDeadline())));

        assertEquals(e.getMessage(), ErrorCode.TIMEOUT, e.code());
        assertTrue("TIMEOUT is retryable", e.retryable());
    }

    @Test
    public void aStreamThatDoesNotBeginBeforeItsDeadlineFailsWithTimeout() throws Exception {
        scriptHang(true);

        ProviderException e = streamFailure(stream(new RecordingSubscriber(),
                new CallContext("contract-test", Instant.now().plus(shortDeadline()))));

        assertEquals(e.getMessage(), ErrorCode.TIMEOUT, e.code());
        assertTrue("TIMEOUT is retryable", e.retryable());
    }

    @Test
    public void unauthorizedIsAuthAndNotRetryable() throws Exception {
        assertFailsBothWays(401, Map.of(), ErrorCode.AUTH, ErrorCode.AUTH, false);
    }

    @Test
    public void forbiddenIsPermissionAndNotRetryable() throws Exception {
        assertFailsBothWays(403, Map.of(), ErrorCode.PERMISSION, ErrorCode.AUTH, false);
    }

    @Test
    public void rateLimitedCarriesRetryAfter() throws Exception {
        scriptFailure(429, Map.of("Retry-After", "7"), false);
        ProviderException chat = chatFailure(context());
        assertCode("429 (chat)", chat, ErrorCode.RATE_LIMIT, ErrorCode.RATE_LIMIT, true);
        assertEquals("retryAfter", Duration.ofSeconds(7), chat.retryAfter());
        closeInstance();

        scriptFailure(429, Map.of("Retry-After", "7"), true);
        ProviderException streamed = streamFailure(stream(new RecordingSubscriber(), context()));
        assertCode("429 (stream)", streamed, ErrorCode.RATE_LIMIT, ErrorCode.RATE_LIMIT, true);
        assertEquals("retryAfter", Duration.ofSeconds(7), streamed.retryAfter());
    }

    @Test
    public void badRequestIsTheClientsFaultAndNotRetryable() throws Exception {
        assertFailsBothWays(400, Map.of(), ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST, false);
    }

    @Test
    public void serverErrorsAreUnavailableAndRetryable() throws Exception {
        for (int status : new int[] {500, 502, 503, 529}) {
            assertFailsBothWays(status, Map.of(), ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE, true);
            closeInstance();
        }
    }

    @Test
    public void aResetMidStreamEndsTheStreamWithOneRetryableError() throws Exception {
        scriptResetMidStream("Hel");

        RecordingSubscriber subscriber = stream(new RecordingSubscriber(), context());
        ProviderException e = streamFailure(subscriber);

        assertTrue("retryable: " + e.code(), e.retryable());
        assertFalse("not the client's fault: " + e.code(), e.code().isClientFault());
        assertEquals("Hel", subscriber.text());
    }

    @Test
    public void aMalformedAnswerIsAProviderFailureNotTheClients() throws Exception {
        scriptMalformed(false);
        ProviderException chat = chatFailure(context());
        assertFalse("chat: not the client's fault: " + chat.code(), chat.code().isClientFault());
        closeInstance();

        scriptMalformed(true);
        ProviderException streamed = streamFailure(stream(new RecordingSubscriber(), context()));
        assertFalse("stream: not the client's fault: " + streamed.code(), streamed.code().isClientFault());
    }
}
