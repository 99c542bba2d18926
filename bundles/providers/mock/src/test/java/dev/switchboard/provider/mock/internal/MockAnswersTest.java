package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MockAnswersTest {

    private static final ModelInfo ECHO = MockModels.DEFAULTS.get(0);
    private static final ModelInfo LOREM = MockModels.DEFAULTS.get(1);

    @Test
    public void echoAnswersTheLastUserMessage() {
        ChatRequest request = request("mock-echo", null, null,
                ChatMessage.of(ChatMessage.SYSTEM, "be brief"),
                ChatMessage.of(ChatMessage.USER, "first question"),
                ChatMessage.of(ChatMessage.ASSISTANT, "an answer"),
                ChatMessage.of(ChatMessage.USER, "second question"),
                ChatMessage.of(ChatMessage.ASSISTANT, "trailing"));

        MockAnswers.Answer answer = MockAnswers.answer(request, ECHO);

        assertThat(answer.text()).isEqualTo("second question");
        assertThat(answer.finishReason()).isEqualTo("stop");
    }

    @Test
    public void echoWithoutUserMessageIsEmpty() {
        MockAnswers.Answer answer = MockAnswers.answer(
                request("mock-echo", null, null, ChatMessage.of(ChatMessage.SYSTEM, "only system")), ECHO);

        assertThat(answer.text()).isEmpty();
        assertThat(answer.usage().completionTokens()).isEqualTo(1);
    }

    @Test
    public void estimatesAboutOneTokenPerFourCharsAtLeastOnePerMessage() {
        assertThat(MockAnswers.estimateTokens("")).isEqualTo(1);
        assertThat(MockAnswers.estimateTokens(null)).isEqualTo(1);
        assertThat(MockAnswers.estimateTokens("abcd")).isEqualTo(1);
        assertThat(MockAnswers.estimateTokens("abcde")).isEqualTo(2);

        ChatRequest request = request("mock-echo", null, null,
                ChatMessage.of(ChatMessage.SYSTEM, "12345678"), ChatMessage.of(ChatMessage.USER, "hello world!"));
        assertThat(MockAnswers.answer(request, ECHO).usage()).isEqualTo(new Usage(2 + 3, 3));
    }

    @Test
    public void echoIsCutByMaxTokens() {
        ChatRequest request = request("mock-echo", 2, null, ChatMessage.of(ChatMessage.USER, "one two three four five"));

        MockAnswers.Answer answer = MockAnswers.answer(request, ECHO);

        assertThat(answer.text()).isEqualTo("one two");
        assertThat(answer.finishReason()).isEqualTo("length");
        assertThat(answer.usage().completionTokens()).isLessThanOrEqualTo(2);
    }

    @Test
    public void loremIsDeterministicBySeedAboutThirtyTwoWords() {
        MockAnswers.Answer first = MockAnswers.answer(request("mock-lorem", null, 7L, user("hi")), LOREM);
        MockAnswers.Answer again = MockAnswers.answer(request("mock-lorem", null, 7L, user("other prompt")), LOREM);
        MockAnswers.Answer otherSeed = MockAnswers.answer(request("mock-lorem", null, 8L, user("hi")), LOREM);

        assertThat(first.text()).isEqualTo(again.text());
        assertThat(first.text()).isNotEqualTo(otherSeed.text());
        assertThat(first.text().split(" ")).hasSize(32);
        assertThat(first.text()).matches("[A-Z][a-z]+( [A-Za-z]+\\.?)*\\.");
        assertThat(first.finishReason()).isEqualTo("stop");
    }

    @Test
    public void loremFillsMaxTokensAndReportsLength() {
        for (int maxTokens : new int[] {1, 5, 64, 500}) {
            MockAnswers.Answer answer = MockAnswers.answer(request("mock-lorem", maxTokens, 3L, user("hi")), LOREM);

            assertThat(answer.finishReason()).isEqualTo("length");
            assertThat(answer.usage().completionTokens()).isBetween(Math.max(1L, maxTokens - 4L), (long) maxTokens);
            assertThat(answer.text()).isNotBlank();
        }
        MockAnswers.Answer big = MockAnswers.answer(request("mock-lorem", 500, 3L, user("hi")), LOREM);
        assertThat(big.text().split(" ").length).isGreaterThan(200);
    }

    @Test
    public void rejectsNonPositiveMaxTokens() {
        assertThatThrownBy(() -> MockAnswers.answer(request("mock-echo", 0, null, user("hi")), ECHO))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    public void cutsAtWordBoundariesOrHardForOneLongWord() {
        assertThat(MockAnswers.cut("alpha beta gamma", 12)).isEqualTo("alpha beta");
        assertThat(MockAnswers.cut("alpha beta gamma", 10)).isEqualTo("alpha beta");
        assertThat(MockAnswers.cut("alphabetagamma", 5)).isEqualTo("alpha");
        assertThat(MockAnswers.cut("short", 10)).isEqualTo("short");
    }

    @Test
    public void wordChunksConcatenateBackExactly() {
        String text = "Hello,  world\nsecond line ";

        List<String> chunks = MockAnswers.wordChunks(text);

        assertThat(chunks).containsExactly("Hello,", "  world", "\nsecond", " line", " ");
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(MockAnswers.wordChunks("")).isEmpty();
        assertThat(MockAnswers.wordChunks("one")).containsExactly("one");
    }

    static ChatMessage user(String text) {
        return ChatMessage.of(ChatMessage.USER, text);
    }

    static ChatRequest request(String model, Integer maxTokens, Long seed, ChatMessage... messages) {
        return new ChatRequest(model, List.of(messages), null, null, maxTokens, null, seed, false, false, null,
                Map.of());
    }
}
