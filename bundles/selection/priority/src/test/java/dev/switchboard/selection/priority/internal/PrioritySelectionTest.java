package dev.switchboard.selection.priority.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.List;
import org.junit.Test;

/** The selection contract, then the configured failover order. */
public class PrioritySelectionTest extends SelectionStrategyContractTest {

    private final PrioritySelection selection = new PrioritySelection();

    @Override
    protected SelectionStrategy createStrategy() {
        selection.configure(100, "fast=5", "open=0");
        return selection;
    }

    @Test
    public void lowestNumberFirstUnlistedByDefaultOpenLast() {
        selection.configure(50, "backup=10", "main=0", "broken=-1", "bad=x");
        List<Candidate> candidates = List.of(candidate("unlisted", 1, CandidateStats.UNKNOWN),
                candidate("backup", 1, CandidateStats.UNKNOWN), candidate("broken", 1, new CandidateStats(1, 1, true)),
                candidate("bad", 1, CandidateStats.UNKNOWN), candidate("main", 1, CandidateStats.UNKNOWN));

        assertThat(ids(selection.order(request("m"), candidates)))
                .containsExactly("main", "backup", "unlisted", "bad", "broken");
    }

    @Test
    public void withoutConfigurationKeepsCoresOrder() {
        selection.configure(100);
        List<Candidate> candidates = List.of(candidate("b", 1, null), candidate("a", 1, CandidateStats.UNKNOWN));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("b", "a");
    }
}
