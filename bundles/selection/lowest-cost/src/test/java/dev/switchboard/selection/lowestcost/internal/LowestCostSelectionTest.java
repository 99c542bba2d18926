package dev.switchboard.selection.lowestcost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.List;
import org.junit.Test;

/** The selection contract, then cost ranking. */
public class LowestCostSelectionTest extends SelectionStrategyContractTest {

    private final LowestCostSelection selection = new LowestCostSelection();

    @Override
    protected SelectionStrategy createStrategy() {
        return selection;
    }

    @Test
    public void cheapestFirstOpenLast() {
        List<Candidate> candidates = List.of(priced("open", "0.01", "0.01", true), priced("dear", "10", "30", false),
                priced("cheap", "0.15", "0.60", false));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("cheap", "dear", "open");
    }

    @Test
    public void weighsInputAndOutputByTheExpectedTokens() {
        // cheap input, dear output vs the reverse: a long prompt with a short answer favours cheap input
        Candidate cheapInput = priced("cheap-input", "1", "20", false);
        Candidate cheapOutput = priced("cheap-output", "5", "2", false);
        List<Candidate> candidates = List.of(cheapOutput, cheapInput);
        ChatRequest longPromptShortAnswer = ChatRequest.builder("m",
                List.of(ChatMessage.of(ChatMessage.USER, "x".repeat(40_000)))).maxTokens(10).build();
        ChatRequest shortPromptLongAnswer = ChatRequest.builder("m",
                List.of(ChatMessage.of(ChatMessage.USER, "hi"))).maxTokens(4_000).build();

        assertThat(ids(selection.order(longPromptShortAnswer, candidates))).containsExactly("cheap-input", "cheap-output");
        assertThat(ids(selection.order(shortPromptLongAnswer, candidates))).containsExactly("cheap-output", "cheap-input");
    }

    @Test
    public void equalPricesKeepCoresOrder() {
        List<Candidate> candidates = List.of(priced("b", "1", "1", false), priced("a", "1", "1", false));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("b", "a");
    }

    private static Candidate priced(String id, String input, String output, boolean open) {
        return new Candidate(id, "test", ModelInfo.text("m", input, output, 128_000), 1,
                new CandidateStats(10, 0, open));
    }
}
