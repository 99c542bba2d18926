package dev.switchboard.selection.weighted.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/** The selection contract, then weights. */
public class WeightedSelectionTest extends SelectionStrategyContractTest {

    private static final CandidateStats OPEN = new CandidateStats(10, 1.0, true);

    private final Random seeded = new Random(42);
    private final WeightedSelection selection = new WeightedSelection(seeded::nextDouble);

    @Override
    protected SelectionStrategy createStrategy() {
        return selection;
    }

    @Override
    protected String variesOnEqualInput() {
        return "weighted is random in proportion to the weights";
    }

    @Test
    public void firstChoicesFollowTheWeights() {
        List<Candidate> candidates = List.of(candidate("heavy", 3, CandidateStats.UNKNOWN),
                candidate("light", 1, CandidateStats.UNKNOWN));
        Map<String, Integer> firsts = firsts(candidates, 4_000);

        assertThat(firsts.get("heavy")).isBetween(2_800, 3_200);
        assertThat(firsts.get("light")).isBetween(800, 1_200);
    }

    @Test
    public void configuredWeightsOverrideTheInstancesOwn() {
        selection.configure("light=9", "nonsense", "heavy=x");
        List<Candidate> candidates = List.of(candidate("heavy", 1, CandidateStats.UNKNOWN),
                candidate("light", 1, CandidateStats.UNKNOWN));
        Map<String, Integer> firsts = firsts(candidates, 2_000);

        assertThat(firsts.get("light")).isBetween(1_700, 1_900);
    }

    @Test
    public void zeroWeightOnlyBeforeOpenCircuits() {
        List<Candidate> candidates = List.of(candidate("open", 5, OPEN), candidate("spare", 0, CandidateStats.UNKNOWN),
                candidate("main", 1, CandidateStats.UNKNOWN));
        for (int i = 0; i < 50; i++) {
            assertThat(ids(selection.order(request("m"), candidates))).containsExactly("main", "spare", "open");
        }
    }

    private Map<String, Integer> firsts(List<Candidate> candidates, int calls) {
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            firsts.merge(selection.order(request("m"), candidates).get(0).instanceId(), 1, Integer::sum);
        }
        return firsts;
    }
}
