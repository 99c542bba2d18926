package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;

/**
 * The cache, quota and selection contract tests catch the plugin bugs they are there for: each runs against a
 * plugin that keeps the contract (everything passes) and against ones with one bug each (exactly the matching
 * checks fail).
 */
public class PluginContractTestsTest {

    @Test
    public void aCacheThatKeepsTheContractPasses() {
        assertThat(failures(GoodCacheTest.class)).isEmpty();
    }

    @Test
    public void aCacheThatIgnoresTheTenantFails() {
        assertThat(failures(TenantBlindCacheTest.class)).containsExactly("cacheNeverAnswersAnotherTenant");
    }

    @Test
    public void anUnboundedCacheFails() {
        assertThat(failures(UnboundedCacheTest.class)).containsExactly("cacheStaysWithinItsBound");
    }

    @Test
    public void aQuotaThatKeepsTheContractPasses() {
        assertThat(failures(GoodQuotaTest.class)).isEmpty();
    }

    @Test
    public void aQuotaCountingEveryoneTogetherFails() {
        assertThat(failures(GlobalQuotaTest.class)).containsExactly("quotaKeepsScopesApart");
    }

    @Test
    public void aSelectionThatKeepsTheContractPasses() {
        assertThat(failures(GoodSelectionTest.class)).isEmpty();
    }

    @Test
    public void aSelectionThatDropsOpenCircuitsFails() {
        assertThat(failures(DroppingSelectionTest.class)).containsExactly("selectionIsSafeUnderConcurrentCalls",
                "selectionKeepsEveryCandidateExactlyOnce");
    }

    @Test
    public void aSelectionThatSortsTheCallersListFails() {
        assertThat(failures(InPlaceSelectionTest.class)).contains("selectionLeavesTheCallersListAsItWas");
    }

    private static List<String> failures(Class<?> test) {
        Result result = JUnitCore.runClasses(test);
        assertThat(result.getRunCount()).as("contract tests run").isGreaterThan(3);
        List<String> failed = new ArrayList<>();
        for (Failure failure : result.getFailures()) {
            failed.add(failure.getDescription().getMethodName());
        }
        Collections.sort(failed);
        return failed;
    }

    // ---- caches ----

    /** Exact match on scope and fingerprint, evicting the oldest beyond the bound, when {@code bounded}. */
    static class ListCache implements ResponseCache {
        private final boolean scoped;
        private final boolean bounded;
        private final List<Map.Entry<String, ChatResponse>> entries = new ArrayList<>();
        private long hits;
        private long misses;
        private long puts;

        ListCache(boolean scoped, boolean bounded) {
            this.scoped = scoped;
            this.bounded = bounded;
        }

        private String keyOf(CacheKey key) {
            return scoped ? key.exactKey() : key.fingerprint();
        }

        @Override
        public String name() {
            return "list";
        }

        @Override
        public CacheLevel level() {
            return CacheLevel.MEMORY;
        }

        @Override
        public synchronized Optional<ChatResponse> get(CacheKey key) {
            if (key != null) {
                for (Map.Entry<String, ChatResponse> entry : entries) {
                    if (entry.getKey().equals(keyOf(key))) {
                        hits++;
                        return Optional.of(entry.getValue());
                    }
                }
            }
            misses++;
            return Optional.empty();
        }

        @Override
        public synchronized void put(CacheKey key, ChatResponse response) {
            if (key == null || response == null) {
                return;
            }
            entries.add(Map.entry(keyOf(key), response));
            puts++;
            if (bounded && entries.size() > 2) {
                entries.remove(0);
            }
        }

        @Override
        public synchronized CacheStats stats() {
            return new CacheStats(hits, misses, puts, 0, entries.size());
        }
    }

    public static class GoodCacheTest extends ResponseCacheContractTest {
        @Override
        protected ResponseCache createCache() {
            return new ListCache(true, true);
        }

        @Override
        protected int capacity() {
            return 2;
        }
    }

    public static class TenantBlindCacheTest extends GoodCacheTest {
        @Override
        protected ResponseCache createCache() {
            return new ListCache(false, true);
        }
    }

    public static class UnboundedCacheTest extends GoodCacheTest {
        @Override
        protected ResponseCache createCache() {
            return new ListCache(true, false);
        }
    }

    // ---- quotas ----

    /** Two requests per key, or two in all when not {@code perKey}. */
    static QuotaStrategy twoPer(boolean perKey) {
        Map<String, AtomicLong> used = new ConcurrentHashMap<>();
        return new QuotaStrategy() {
            @Override
            public String name() {
                return "two";
            }

            @Override
            public QuotaDecision check(QuotaRequest request) {
                long count = used.computeIfAbsent(perKey ? request.keyId() : "", k -> new AtomicLong()).incrementAndGet();
                return count > 2 ? QuotaDecision.deny("two is the limit", Duration.ofSeconds(1), 2)
                        : QuotaDecision.admit(2, 2 - count);
            }
        };
    }

    public static class GoodQuotaTest extends QuotaStrategyContractTest {
        @Override
        protected QuotaStrategy createStrategy() {
            return twoPer(true);
        }

        @Override
        protected void exhaust(QuotaStrategy strategy, QuotaRequest request) {
            assertAdmitted(strategy, request, 2);
        }
    }

    public static class GlobalQuotaTest extends GoodQuotaTest {
        @Override
        protected QuotaStrategy createStrategy() {
            return twoPer(false);
        }
    }

    // ---- selection ----

    /** Candidates by instance id; open circuits dropped when {@code dropOpen}; sorted in place when {@code inPlace}. */
    static SelectionStrategy byId(boolean dropOpen, boolean inPlace) {
        return new SelectionStrategy() {
            @Override
            public String name() {
                return "by-id";
            }

            @Override
            public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
                List<Candidate> ordered = inPlace ? candidates : new ArrayList<>(candidates);
                if (dropOpen) {
                    ordered.removeIf(c -> c.stats() != null && c.stats().circuitOpen());
                }
                ordered.sort((a, b) -> a.instanceId().compareTo(b.instanceId()));
                return ordered;
            }
        };
    }

    public static class GoodSelectionTest extends SelectionStrategyContractTest {
        @Override
        protected SelectionStrategy createStrategy() {
            return byId(false, false);
        }
    }

    public static class DroppingSelectionTest extends GoodSelectionTest {
        @Override
        protected SelectionStrategy createStrategy() {
            return byId(true, false);
        }
    }

    public static class InPlaceSelectionTest extends GoodSelectionTest {
        @Override
        protected SelectionStrategy createStrategy() {
            return byId(false, true);
        }
    }
}
