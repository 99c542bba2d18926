package dev.switchboard.support.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.support.sse.SseEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.Test;

/**
 * The rules the three streamed OpenAI answers (chat, legacy completion, Responses API) share through
 * {@link OpenAiEventStream}: {@code [DONE]} ends at once, a close is whole only after the endpoint's last event,
 * an unreadable or error event ends the stream; each endpoint's mapping is tested with its provider's fixtures.
 */
public class OpenAiEventStreamTest {

    private static final String KEY = "sk-test-secret-0123456789";
    private static final String CHAT_FINISH = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    private static final String CHAT_TEXT = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}";
    private static final String COMPLETION_TEXT = "{\"id\":\"t1\",\"object\":\"text_completion\",\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"text\":\"Hi\",\"finish_reason\":null}]}";
    private static final String COMPLETION_FINISH = "{\"id\":\"t1\",\"object\":\"text_completion\",\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}]}";
    private static final String ERROR = "{\"error\":{\"message\":\"upstream broke for " + KEY + "\","
            + "\"type\":\"server_error\",\"code\":null}}";

    /** Records the signals, asking for everything as the gateway does. */
    static final class Recorder<T> implements Flow.Subscriber<T> {
        final List<T> items = new CopyOnWriteArrayList<>();
        volatile boolean subscribed;
        volatile boolean completed;
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscribed = true;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    private static SseEvent data(String data) {
        return new SseEvent(null, data, null);
    }

    private static <T> OpenAiEventStream<T> opened(OpenAiEventStream<T> stream) {
        // what start does before it posts the call
        assertThat(stream.out.open()).isTrue();
        return stream;
    }

    @Test
    public void doneCompletesAtOnceAndNothingAfterItIsHandedOn() {
        Recorder<ChatChunk> chat = new Recorder<>();
        OpenAiEventStream<ChatChunk> stream = opened(new OpenAiStream(chat, "openai", KEY));
        stream.onEvent(data(CHAT_TEXT));
        stream.onEvent(data("[DONE]"));
        stream.onEvent(data(CHAT_TEXT));
        stream.onComplete();

        assertThat(chat.completed).isTrue();
        assertThat(chat.error).isNull();
        assertThat(chat.items).extracting(ChatChunk::content).containsExactly("Hi");
    }

    @Test
    public void doneEndsEachEndpointsStreamWithoutAFinishSeen() {
        Recorder<CompletionChunk> completions = new Recorder<>();
        OpenAiEventStream<CompletionChunk> completion = opened(new OpenAiCompletionStream(completions, "openai", KEY));
        completion.onEvent(data(COMPLETION_TEXT));
        completion.onEvent(data("[DONE]"));
        Recorder<ResponsesEvent> events = new Recorder<>();
        OpenAiEventStream<ResponsesEvent> responses = opened(new OpenAiResponsesStream(events, "openai"));
        responses.onEvent(new SseEvent("response.output_text.delta", "{\"delta\":\"Hi\"}", null));
        responses.onEvent(data("[DONE]"));
        responses.onComplete();

        assertThat(completions.completed).isTrue();
        assertThat(completions.items).hasSize(1);
        assertThat(events.completed).isTrue();
        assertThat(events.error).isNull();
        assertThat(events.items).extracting(ResponsesEvent::event).containsExactly("response.output_text.delta");
    }

    @Test
    public void aCloseAfterTheEndpointsLastEventIsWhole() {
        Recorder<ChatChunk> chat = new Recorder<>();
        OpenAiEventStream<ChatChunk> chatStream = opened(new OpenAiStream(chat, "openai", KEY));
        chatStream.onEvent(data(CHAT_FINISH));
        chatStream.onComplete();
        Recorder<CompletionChunk> completions = new Recorder<>();
        OpenAiEventStream<CompletionChunk> completion = opened(new OpenAiCompletionStream(completions, "openai", KEY));
        completion.onEvent(data(COMPLETION_FINISH));
        completion.onComplete();
        Recorder<ResponsesEvent> events = new Recorder<>();
        OpenAiEventStream<ResponsesEvent> responses = opened(new OpenAiResponsesStream(events, "openai"));
        responses.onEvent(new SseEvent("response.completed", "{\"type\":\"response.completed\",\"response\":{}}", null));
        responses.onComplete();

        assertThat(List.of(chat.completed, completions.completed, events.completed)).containsOnly(true);
        assertThat(chat.error).isNull();
        assertThat(completions.error).isNull();
        assertThat(events.error).isNull();
    }

    @Test
    public void aCloseBeforeTheEndpointsLastEventIsARetryableFailureNamingWhatWasCutShort() {
        Recorder<ChatChunk> chat = new Recorder<>();
        OpenAiEventStream<ChatChunk> chatStream = opened(new OpenAiStream(chat, "vendor-x", KEY));
        chatStream.onEvent(data(CHAT_TEXT));
        chatStream.onComplete();
        Recorder<CompletionChunk> completions = new Recorder<>();
        OpenAiEventStream<CompletionChunk> completion = opened(new OpenAiCompletionStream(completions, "vendor-x", KEY));
        completion.onEvent(data(COMPLETION_TEXT));
        completion.onComplete();
        Recorder<ResponsesEvent> events = new Recorder<>();
        OpenAiEventStream<ResponsesEvent> responses = opened(new OpenAiResponsesStream(events, "vendor-x"));
        responses.onEvent(new SseEvent("response.output_text.delta", "{\"delta\":\"Hi\"}", null));
        responses.onComplete();

        assertUnfinished(chat.error, "vendor-x: stream ended before the answer was finished");
        assertUnfinished(completions.error, "vendor-x: stream ended before the completion was finished");
        assertUnfinished(events.error, "vendor-x: stream ended before the response was finished");
        assertThat(chat.completed || completions.completed || events.completed).isFalse();
    }

    private static void assertUnfinished(Throwable error, String message) {
        assertThat(error).isInstanceOf(ProviderException.class).hasMessage(message);
        ProviderException failure = (ProviderException) error;
        assertThat(failure.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    public void anUnreadableEventIsThrownAsAnInternalErrorNamingTheProvider() {
        OpenAiEventStream<ChatChunk> chat = opened(new OpenAiStream(new Recorder<>(), "vendor-x", KEY));
        OpenAiEventStream<CompletionChunk> completion =
                opened(new OpenAiCompletionStream(new Recorder<>(), "vendor-x", KEY));

        for (OpenAiEventStream<?> stream : List.of(chat, completion)) {
            ProviderException thrown = catchThrowableOfType(() -> stream.onEvent(data("{not json")),
                    ProviderException.class);
            assertThat(thrown.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(thrown.getMessage()).startsWith("vendor-x: unreadable stream chunk (");
        }
    }

    @Test
    public void anErrorEventIsThrownWithTheKeyCutOut() {
        OpenAiEventStream<ChatChunk> chat = opened(new OpenAiStream(new Recorder<>(), "vendor-x", KEY));
        OpenAiEventStream<CompletionChunk> completion =
                opened(new OpenAiCompletionStream(new Recorder<>(), "vendor-x", KEY));

        for (OpenAiEventStream<?> stream : List.of(chat, completion)) {
            ProviderException thrown = catchThrowableOfType(() -> stream.onEvent(data(ERROR)), ProviderException.class);
            assertThat(thrown.getMessage()).contains("upstream broke").doesNotContain(KEY);
        }
    }

    @Test
    public void failBeforeTheCallSubscribesThenFails() {
        Recorder<ResponsesEvent> events = new Recorder<>();
        ProviderException refused = new ProviderException(ErrorCode.BAD_REQUEST, "no", false, null, 0, null);
        new OpenAiResponsesStream(events, "openai").fail(refused);

        assertThat(events.subscribed).isTrue();
        assertThat(events.error).isSameAs(refused);
    }
}
