package dev.switchboard.selection.leastbusy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.List;
import org.junit.Test;

/** The selection contract, then load ranking. */
public class LeastBusySelectionTest extends SelectionStrategyContractTest {

    private final LeastBusySelection selection = new LeastBusySelection();

    @Override
    protected SelectionStrategy createStrategy() {
        return selection;
    }

    @Test
    public void fewestInFlightFirstOpenLast() {
        List<Candidate> candidates = List.of(candidate("open", 1, load(0, 10, CircuitState.OPEN)),
                candidate("busy", 1, load(12, 10, CircuitState.CLOSED)),
                candidate("idle", 1, load(1, 10, CircuitState.CLOSED)));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("idle", "busy", "open");
    }

    @Test
    public void tiesGoToTheFasterUnlessConfiguredOtherwise() {
        List<Candidate> candidates = List.of(candidate("slow", 1, load(2, 900, CircuitState.CLOSED)),
                candidate("fast", 1, load(2, 50, CircuitState.CLOSED)));

        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("fast", "slow");
        selection.configure(false);
        assertThat(ids(selection.order(request("m"), candidates))).containsExactly("slow", "fast");
    }

    private static CandidateStats load(int inFlight, double latency, CircuitState state) {
        return new CandidateStats(latency, 0, false, 0, inFlight, state);
    }
}
