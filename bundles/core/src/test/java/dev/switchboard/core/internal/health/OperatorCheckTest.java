package dev.switchboard.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.api.ProviderCheckReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class OperatorCheckTest {

    private static final String KEY = "sk-operator-check-secret";

    private final AtomicLong clock = new AtomicLong();
    private final List<ChatRequest> chats = new ArrayList<>();

    @Test
    public void reportsTheLatencyOfThePassedCheck() throws Exception {
        ProviderCheckReport report = run(new Checked(() -> {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(42));
            return CompletableFuture.completedFuture(HealthCheckResult.of("3 models listed"));
        }), false);

        assertThat(report).isEqualTo(new ProviderCheckReport("x", ProviderCheckReport.CHECK, true, 42, "3 models listed"));
    }

    @Test
    public void reportsTheErrorWithTheKeyCutOut() throws Exception {
        ProviderCheckReport report = run(new Checked(() -> CompletableFuture.failedFuture(
                new ProviderException(ErrorCode.AUTH, "key " + KEY + " rejected"))), false);

        assertThat(report.passed()).isFalse();
        assertThat(report.detail()).contains("rejected").doesNotContain(KEY);
    }

    @Test
    public void anInstanceWithoutACheckIsNotChattedWithUnlessAllowed() throws Exception {
        ProviderCheckReport refused = run(new Plain(), false);
        assertThat(refused.method()).isEqualTo(ProviderCheckReport.NONE);
        assertThat(refused.detail()).contains("without billing");
        assertThat(chats).isEmpty();

        ProviderCheckReport chatted = run(new Plain(), true);
        assertThat(chatted.method()).isEqualTo(ProviderCheckReport.CHAT);
        assertThat(chatted.passed()).isTrue();
        assertThat(chats).singleElement().satisfies(chat -> {
            assertThat(chat.model()).isEqualTo("m1");
            assertThat(chat.maxTokens()).isEqualTo(1);
        });
    }

    @Test
    public void aCheckThatThrowsIsAFailedReportNotAnException() throws Exception {
        ProviderCheckReport report = run(new Checked(() -> {
            throw new IllegalStateException("bug");
        }), false);

        assertThat(report.passed()).isFalse();
        assertThat(report.detail()).contains("IllegalStateException");
    }

    private ProviderCheckReport run(ProviderInstance instance, boolean chat) throws Exception {
        return OperatorCheck.run(instance, chat, 5_000, clock::get).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private class Plain implements ProviderInstance {
        @Override
        public InstanceConfig config() {
            return new InstanceConfig("x", "fake", null, KEY, List.of(ModelInfo.text("m1", "1", "1", 100)), 1, Map.of());
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
            chats.add(request);
            return CompletableFuture.completedFuture(new ChatResponse("id", request.model(), 0, List.of(
                    new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, "p"), "length")), null));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private final class Checked extends Plain implements HealthCheckable {
        private final java.util.function.Supplier<CompletionStage<HealthCheckResult>> answer;

        Checked(java.util.function.Supplier<CompletionStage<HealthCheckResult>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<HealthCheckResult> check(CallContext context) {
            return answer.get();
        }
    }
}
