package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.core.api.StreamListener.StreamSummary;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.Test;

public class ChatTest {

    private Caller seenCaller;

    private Chat chatWith(Gateway gateway) {
        Chat chat = new Chat();
        chat.gateway = gateway;
        return chat;
    }

    /** Answers chat with the given stage and streams by running the script on another thread. */
    private Gateway gateway(CompletionStage<ChatOutcome> answer, java.util.function.Consumer<StreamListener> script) {
        return new Gateway() {
            @Override
            public CompletionStage<ChatOutcome> chat(Caller caller, String requestId, ChatRequest request) {
                seenCaller = caller;
                return answer;
            }

            @Override
            public StreamHandle chatStream(Caller caller, String requestId, ChatRequest request,
                                           StreamListener listener) {
                seenCaller = caller;
                Thread network = new Thread(() -> script.accept(listener));
                network.start();
                return () -> { };
            }

            @Override
            public List<ModelListing> models() {
                return List.of();
            }

            @Override
            public HealthReport health() {
                return null;
            }

            @Override
            public StatsReport stats() {
                return null;
            }
        };
    }

    @Test
    public void buildsAUserMessageFromTheWordsAndAnOptionalSystemMessage() {
        ChatRequest plain = Chat.request("mock-echo", List.of("hello", "there"), null, null, null, false);
        assertThat(plain.messages()).containsExactly(ChatMessage.of("user", "hello there"));
        assertThat(plain.stream()).isFalse();

        ChatRequest full = Chat.request("m", List.of("hi"), "be terse", 50, 0.2, true);
        assertThat(full.messages()).containsExactly(ChatMessage.of("system", "be terse"), ChatMessage.of("user", "hi"));
        assertThat(full.maxTokens()).isEqualTo(50);
        assertThat(full.temperature()).isEqualTo(0.2);
        assertThat(full.stream()).isTrue();
        assertThat(full.includeUsage()).isTrue();
    }

    @Test
    public void printsTheAnswerThenWhatItCostAsTheShellAdmin() throws Exception {
        ChatOutcome outcome = new ChatOutcome(new ChatResponse("id", "mock-echo", 0,
                List.of(new ChatChoice(0, ChatMessage.of("assistant", "hello there"), "stop")), new Usage(4, 2)),
                "mock", "mock", false, new BigDecimal("0.00001"), 3_000_000, 1);
        Chat chat = chatWith(gateway(CompletableFuture.completedFuture(outcome), listener -> { }));

        String printed = Printed.by(out -> {
            try {
                chat.blocking(Chat.request("mock-echo", List.of("hello"), null, null, null, false), out);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(printed).isEqualTo(String.format(
                "hello there%n%ntokens in/out: 4/2 | cost: $0.00001 | latency: 3 ms | instance: mock%n"));
        assertThat(seenCaller).isEqualTo(new Caller("shell", "shell", "default", true));
    }

    @Test
    public void reportsARefusalAsOneLine() {
        Chat chat = chatWith(gateway(CompletableFuture.failedFuture(new GatewayException(429, "rate_limit_error",
                "rate_limit_exceeded", null, "Rate limit reached.", Duration.ofSeconds(2))), listener -> { }));

        assertThatThrownBy(() -> chat.blocking(Chat.request("m", List.of("x"), null, null, null, false),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .hasMessage("429 rate_limit_error (rate_limit_exceeded): Rate limit reached.");
    }

    @Test
    public void printsAStreamAsItArrives() {
        Chat chat = chatWith(gateway(null, listener -> {
            listener.onStart("mock", "mock");
            listener.onChunk(new ChatChunk("id", "m", 0, "assistant", null, null, null));
            listener.onChunk(ChatChunk.content("id", "m", "Hel"));
            listener.onChunk(ChatChunk.content("id", "m", "lo"));
            listener.onComplete(new StreamSummary(new Usage(1, 2), BigDecimal.ZERO, 5_000_000));
        }));

        String printed = Printed.by(out -> chat.streamed(Chat.request("m", List.of("x"), null, null, null, true), out));

        assertThat(printed).isEqualTo(String.format(
                "Hello%n%ntokens in/out: 1/2 | cost: $0 | latency: 5 ms | instance: mock%n"));
    }

    @Test
    public void reportsAStreamFailure() {
        Chat chat = chatWith(gateway(null, listener -> {
            listener.onChunk(ChatChunk.content("id", "m", "par"));
            listener.onError(new GatewayException(502, "api_error", null, null, "Provider dropped.", null));
        }));

        assertThatThrownBy(() -> Printed.by(out -> chat.streamed(Chat.request("m", List.of("x"), null, null, null, true),
                out)))
                .hasMessage("502 api_error: Provider dropped.");
    }
}
