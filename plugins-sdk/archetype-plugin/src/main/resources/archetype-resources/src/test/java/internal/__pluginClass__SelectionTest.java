package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.Test;

/**
 * The selection contract (switchboard-testkit's {@link SelectionStrategyContractTest}: every candidate exactly
 * once, the caller's list untouched, empty lists, concurrent calls, equal input equal order) plus this strategy's
 * own tests.
 */
public class ${pluginClass}SelectionTest extends SelectionStrategyContractTest {

    @Override
    protected SelectionStrategy createStrategy() {
        return new ${pluginClass}Selection(0.5);
    }

    // ---- this strategy's own behaviour ----

    @Test
    public void namesItself() throws Exception {
        assertThat(strategy().name()).isEqualTo("${pluginName}");
    }

    @Test
    public void putsTheFastestFirst() throws Exception {
        List<Candidate> ordered = strategy().order(request("m"), List.of(withLatency("slow", 900),
                withLatency("fast", 20), withLatency("medium", 200)));

        assertThat(ids(ordered)).containsExactly("fast", "medium", "slow");
    }

    @Test
    public void putsOpenCircuitsAndFailingCandidatesLast() throws Exception {
        List<Candidate> ordered = strategy().order(request("m"), List.of(
                candidate("open", 1, new CandidateStats(5, 0.0, true)),
                candidate("failing", 1, new CandidateStats(10, 0.9, false)),
                withLatency("slow", 900)));

        assertThat(ids(ordered)).containsExactly("slow", "open", "failing");
    }

    @Test
    public void keepsCoresOrderOnEqualLatency() throws Exception {
        List<Candidate> ordered = strategy().order(request("m"), List.of(withLatency("b", 50), withLatency("a", 50),
                candidate("new", 1, null)));

        assertThat(ids(ordered)).containsExactly("new", "b", "a");
    }

    @Test
    public void activatesFromItsConfiguration() throws Exception {
        ${pluginClass}Selection strict = new ${pluginClass}Selection(new ${pluginClass}SelectionConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ${pluginClass}SelectionConfig.class;
            }

            @Override
            public double max_error_rate() {
                return 0.05;
            }
        });

        List<Candidate> ordered = strict.order(request("m"), List.of(
                candidate("some-errors", 1, new CandidateStats(10, 0.1, false)), withLatency("clean", 100)));

        assertThat(ids(ordered)).containsExactly("clean", "some-errors");
    }

    private static Candidate withLatency(String id, double millis) {
        return candidate(id, 1, new CandidateStats(millis, 0.0, false));
    }
}
