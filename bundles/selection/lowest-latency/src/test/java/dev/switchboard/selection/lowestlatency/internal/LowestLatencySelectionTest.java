package dev.switchboard.selection.lowestlatency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/** The selection contract (without exploration, so equal input orders equally), then latency ranking. */
public class LowestLatencySelectionTest extends SelectionStrategyContractTest {

    private final Random seeded = new Random(7);
    private final LowestLatencySelection selection = new LowestLatencySelection(seeded::nextDouble);

    @Override
    protected SelectionStrategy createStrategy() {
        selection.configure(0.0, 2.0);
        return selection;
    }

    @Test
    public void fastestFirstOpenLast() {
        selection.configure(0.0, 2.0);
        List<Candidate> candidates = List.of(candidate("open", 1, new CandidateStats(5, 1, true)),
                candidate("slow", 1, stats(900, 0, 0)), candidate("fast", 1, stats(40, 0, 0)));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("fast", "slow", "open");
    }

    @Test
    public void aStreamIsRankedByTimeToFirstToken() {
        selection.configure(0.0, 2.0);
        List<Candidate> candidates = List.of(candidate("quick-start", 1, stats(3_000, 100, 0)),
                candidate("short-answers", 1, stats(800, 600, 0)));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("short-answers", "quick-start");
        ChatRequest streamed = ChatRequest.builder("m", List.of(ChatMessage.of(ChatMessage.USER, "hi"))).stream(true)
                .build();
        assertThat(ids(selection.order(streamed, candidates))).containsExactly("quick-start", "short-answers");
    }

    @Test
    public void errorsRaiseTheScore() {
        selection.configure(0.0, 2.0);
        List<Candidate> candidates = List.of(candidate("flaky", 1, stats(100, 0, 0.8)),
                candidate("steady", 1, stats(200, 0, 0)));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("steady", "flaky");
    }

    @Test
    public void explorationGivesASlowLookingInstanceTrafficAgain() {
        selection.configure(0.1, 2.0);
        List<Candidate> candidates = List.of(candidate("fast", 1, stats(40, 0, 0)),
                candidate("recovered", 1, stats(5_000, 0, 0)), candidate("open", 1, new CandidateStats(1, 1, true)));
        int explored = 0;
        for (int i = 0; i < 2_000; i++) {
            List<Candidate> ordered = selection.order(request("m"), candidates);
            assertThat(ordered.get(2).instanceId()).as("an open circuit is never explored").isEqualTo("open");
            if (ordered.get(0).instanceId().equals("recovered")) {
                explored++;
            }
        }
        assertThat(explored).isBetween(120, 280);
    }

    private static CandidateStats stats(double latency, double ttfb, double errorRate) {
        return new CandidateStats(latency, errorRate, false, ttfb, 0, CircuitState.CLOSED);
    }
}
