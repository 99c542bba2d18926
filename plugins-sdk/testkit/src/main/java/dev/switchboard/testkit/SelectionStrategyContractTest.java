package dev.switchboard.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.Test;

/**
 * The contract every {@link SelectionStrategy} keeps, as a JUnit 4 test a strategy's test class extends. The
 * subclass makes a fresh strategy ({@link #createStrategy()}); the test checks what core relies on: the order
 * holds every candidate exactly once, whatever their health (one not preferred goes last, never away: core may
 * need it when every other fails), none is added, the caller's list is left as it was (it is core's routing
 * table), missing stats and an empty list are handled, concurrent calls are safe, and equal input gets an
 * equal order unless the strategy says why not ({@link #variesOnEqualInput()}, e.g. round-robin rotates).
 */
public abstract class SelectionStrategyContractTest {

    private static final CandidateStats OPEN = new CandidateStats(25.0, 1.0, true);

    private SelectionStrategy strategy;

    // ---- what the strategy's test supplies ----

    /** A new strategy, with the configuration its test wants. */
    protected abstract SelectionStrategy createStrategy() throws Exception;

    /**
     * {@code null} when the same request and candidates always get the same order (the default); otherwise why
     * not, and the stability check is reported as skipped with that reason.
     */
    protected String variesOnEqualInput() {
        return null;
    }

    // ---- helpers for subclasses and tests ----

    protected final SelectionStrategy strategy() throws Exception {
        if (strategy == null) {
            strategy = createStrategy();
            assertNotNull("createStrategy returned null", strategy);
        }
        return strategy;
    }

    protected ChatRequest request(String model) {
        return ChatRequest.builder(model, List.of(ChatMessage.of(ChatMessage.USER, "hi"))).build();
    }

    /** A candidate serving {@code contract-model} with these live stats (null: core has none yet). */
    protected static Candidate candidate(String instanceId, int weight, CandidateStats stats) {
        return new Candidate(instanceId, "contract", ModelInfo.text("contract-model", "1.00", "2.00", 8192), weight,
                stats);
    }

    /** Candidate lists of each shape core hands over: healthy, slow, failing, open circuit, no stats yet. */
    protected List<List<Candidate>> candidateLists() {
        Candidate fast = candidate("fast", 1, new CandidateStats(20.0, 0.0, false));
        Candidate slow = candidate("slow", 3, new CandidateStats(900.0, 0.0, false));
        Candidate failing = candidate("failing", 1, new CandidateStats(50.0, 0.9, false));
        Candidate open = candidate("open", 2, OPEN);
        Candidate fresh = candidate("fresh", 1, CandidateStats.UNKNOWN);
        Candidate noStats = candidate("no-stats", 1, null);
        return List.of(List.of(fast), List.of(open), List.of(fast, slow), List.of(slow, fast),
                List.of(open, fast, slow), List.of(failing, open, fresh, noStats, fast, slow),
                List.of(candidate("open-1", 1, OPEN), candidate("open-2", 1, OPEN)),
                List.of(candidate("same-1", 1, CandidateStats.UNKNOWN), candidate("same-2", 1, CandidateStats.UNKNOWN),
                        candidate("same-3", 1, CandidateStats.UNKNOWN)));
    }

    /** Fails unless {@code ordered} holds each of {@code candidates} exactly once and nothing else. */
    protected static void assertSameCandidates(List<Candidate> candidates, List<Candidate> ordered) {
        assertNotNull("order() must not return null", ordered);
        assertEquals("candidates dropped or added: " + ids(ordered) + " for " + ids(candidates), candidates.size(),
                ordered.size());
        Map<Candidate, Integer> counts = new IdentityHashMap<>();
        for (Candidate c : candidates) {
            counts.merge(c, 1, Integer::sum);
        }
        for (Candidate c : ordered) {
            Integer left = counts.get(c);
            if (left == null || left == 0) {
                fail("order " + ids(ordered) + " is not a reordering of " + ids(candidates));
            }
            counts.put(c, left - 1);
        }
    }

    protected static List<String> ids(List<Candidate> candidates) {
        List<String> ids = new ArrayList<>();
        if (candidates != null) {
            candidates.forEach(c -> ids.add(c == null ? null : c.instanceId()));
        }
        return ids;
    }

    // ---- the contract ----

    @Test
    public void selectionNamesItself() throws Exception {
        String name = strategy().name();
        assertTrue("name() must be non-blank: it is the switchboard.strategy service property", name != null
                && !name.isBlank());
    }

    @Test
    public void selectionKeepsEveryCandidateExactlyOnce() throws Exception {
        for (List<Candidate> candidates : candidateLists()) {
            for (int call = 0; call < 3; call++) {
                assertSameCandidates(candidates, strategy().order(request("contract-model"), candidates));
            }
        }
    }

    @Test
    public void selectionLeavesTheCallersListAsItWas() throws Exception {
        for (List<Candidate> candidates : candidateLists()) {
            List<Candidate> given = new ArrayList<>(candidates);

            strategy().order(request("contract-model"), given);

            assertEquals("order() changed the list it was given", ids(candidates), ids(given));
        }
    }

    @Test
    public void selectionOrdersAnEmptyListAsEmpty() throws Exception {
        List<Candidate> ordered = strategy().order(request("contract-model"), List.of());

        assertNotNull("order() must not return null", ordered);
        assertTrue(ordered.isEmpty());
    }

    @Test
    public void selectionOrdersEqualInputEqually() throws Exception {
        String why = variesOnEqualInput();
        Assume.assumeTrue("not applicable: " + why, why == null);
        for (List<Candidate> candidates : candidateLists()) {
            List<String> first = ids(strategy().order(request("contract-model"), candidates));
            for (int call = 0; call < 3; call++) {
                assertEquals("equal input, another order", first,
                        ids(strategy().order(request("contract-model"), candidates)));
            }
        }
    }

    @Test
    public void selectionIsSafeUnderConcurrentCalls() throws Exception {
        List<Candidate> candidates = candidateLists().get(5);
        SelectionStrategy shared = strategy();
        int threads = 4;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        for (int i = 0; i < 500; i++) {
                            assertSameCandidates(candidates, shared.order(request("contract-model"), candidates));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue("concurrent calls did not finish within " + RecordingSubscriber.WAIT_SECONDS + " s",
                    done.await(RecordingSubscriber.WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a concurrent call failed: " + failures.peek());
            error.initCause(failures.peek());
            throw error;
        }
    }
}
