package dev.switchboard.selection.roundrobin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import dev.switchboard.testkit.SelectionStrategyContractTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The selection contract (switchboard-testkit), then rotation itself. */
public class RoundRobinSelectionTest extends SelectionStrategyContractTest {

    private static final CandidateStats OPEN = new CandidateStats(0, 1.0, true);

    private final RoundRobinSelection selection = new RoundRobinSelection();

    @Override
    protected SelectionStrategy createStrategy() {
        return selection;
    }

    @Override
    protected String variesOnEqualInput() {
        return "round-robin rotates: each call for a model starts one candidate further along";
    }

    @Test
    public void namesItself() {
        assertThat(selection.name()).isEqualTo("round-robin");
    }

    @Test
    public void spreadsFirstChoiceEvenlyOverCandidates() {
        List<Candidate> candidates = List.of(candidate("a"), candidate("b"), candidate("c"));
        Map<String, Integer> firsts = new HashMap<>();

        for (int i = 0; i < 300; i++) {
            List<Candidate> ordered = selection.order(request("gpt"), candidates);
            assertThat(ordered).containsExactlyInAnyOrderElementsOf(candidates);
            firsts.merge(ordered.get(0).instanceId(), 1, Integer::sum);
        }

        assertThat(firsts).containsOnly(Map.entry("a", 100), Map.entry("b", 100), Map.entry("c", 100));
    }

    @Test
    public void rotatesInOrder() {
        List<Candidate> candidates = List.of(candidate("a"), candidate("b"), candidate("c"));

        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("a", "b", "c");
        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("b", "c", "a");
        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("c", "a", "b");
        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("a", "b", "c");
    }

    @Test
    public void keepsOneTurnCounterPerModel() {
        List<Candidate> candidates = List.of(candidate("a"), candidate("b"));

        selection.order(request("m1"), candidates);

        assertThat(ids(selection.order(request("m2"), candidates))).containsExactly("a", "b");
        assertThat(ids(selection.order(request("m1"), candidates))).containsExactly("b", "a");
    }

    @Test
    public void putsOpenCircuitsLastWithoutDroppingThem() {
        Candidate broken = new Candidate("x", "mock", model(), 1, OPEN);
        List<Candidate> candidates = List.of(broken, candidate("a"), candidate("b"));

        for (int i = 0; i < 10; i++) {
            List<Candidate> ordered = selection.order(request("gpt"), candidates);
            assertThat(ordered).hasSize(3);
            assertThat(ordered.get(2).instanceId()).isEqualTo("x");
            assertThat(ids(ordered.subList(0, 2))).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    public void rotatesEvenWhenEveryCircuitIsOpen() {
        List<Candidate> candidates = List.of(new Candidate("a", "mock", model(), 1, OPEN),
                new Candidate("b", "mock", model(), 1, OPEN));

        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("a", "b");
        assertThat(ids(selection.order(request("gpt"), candidates))).containsExactly("b", "a");
    }

    @Test
    public void treatsMissingStatsAsHealthy() {
        List<Candidate> candidates = List.of(new Candidate("a", "mock", model(), 1, null), candidate("b"));

        assertThat(selection.order(request("gpt"), candidates)).hasSize(2);
    }

    @Test
    public void handlesEmptyAndSingleLists() {
        assertThat(selection.order(request("gpt"), List.of())).isEmpty();
        assertThat(selection.order(request("gpt"), null)).isEmpty();

        List<Candidate> single = List.of(candidate("only"));
        assertThat(selection.order(request("gpt"), single)).containsExactly(single.get(0));
        assertThat(selection.order(request("gpt"), single)).containsExactly(single.get(0));
    }

    @Test
    public void staysEvenUnderConcurrentCalls() throws Exception {
        List<Candidate> candidates = List.of(candidate("a"), candidate("b"), candidate("c"), candidate("d"));
        Map<String, AtomicLong> firsts = new ConcurrentHashMap<>();
        int threads = 4;
        int perThread = 2_500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String first = selection.order(request("gpt"), candidates).get(0).instanceId();
                        firsts.computeIfAbsent(first, k -> new AtomicLong()).incrementAndGet();
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(firsts).hasSize(4);
        firsts.values().forEach(count -> assertThat(count.get()).isEqualTo(threads * perThread / 4));
    }

    @Test
    public void forgetsModelsBeyondTheCapInsteadOfGrowing() {
        List<Candidate> candidates = List.of(candidate("a"), candidate("b"));
        for (int i = 0; i < RoundRobinSelection.MAX_TRACKED_MODELS + 10; i++) {
            assertThat(selection.order(request("model-" + i), candidates)).hasSize(2);
        }
    }

    private static Candidate candidate(String id) {
        return new Candidate(id, "mock", model(), 1, CandidateStats.UNKNOWN);
    }

    private static ModelInfo model() {
        return ModelInfo.text("gpt", "1.00", "2.00", 128_000);
    }
}
